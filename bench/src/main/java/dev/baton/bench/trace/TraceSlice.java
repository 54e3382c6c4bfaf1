package dev.baton.bench.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which part of a trace to replay, so a search can tune on one part and judge on another it never
 * saw. Halves split by position (the trace's order); session slices keep every request of a session
 * together, a session being the session id, else the prompt's first block (a shared context or a
 * conversation's opening), else the request alone.
 */
public enum TraceSlice {
  /** Every request. */
  ALL,
  /** The first half of the requests. */
  FIRST_HALF,
  /** The second half of the requests. */
  SECOND_HALF,
  /** Requests of sessions that hash even. */
  EVEN_SESSIONS,
  /** Requests of sessions that hash odd: the complement of {@link #EVEN_SESSIONS}. */
  ODD_SESSIONS;

  /** The records of {@code trace} in this slice, in their order (a replay sorts by arrival first). */
  public List<TraceRecord> of(List<TraceRecord> trace) {
    int half = trace.size() / 2;
    return switch (this) {
      case ALL -> List.copyOf(trace);
      case FIRST_HALF -> List.copyOf(trace.subList(0, half));
      case SECOND_HALF -> List.copyOf(trace.subList(half, trace.size()));
      case EVEN_SESSIONS, ODD_SESSIONS -> bySession(trace, this == ODD_SESSIONS ? 1 : 0);
    };
  }

  private static List<TraceRecord> bySession(List<TraceRecord> trace, int parity) {
    List<TraceRecord> kept = new ArrayList<>();
    for (int i = 0; i < trace.size(); i++) {
      if (Math.floorMod(sessionKey(trace.get(i), i), 2) == parity) {
        kept.add(trace.get(i));
      }
    }
    return List.copyOf(kept);
  }

  /** A hash that is equal for requests of one session; spread, so parity splits about evenly. */
  private static long sessionKey(TraceRecord record, int index) {
    long key = record.session() != null ? record.session().hashCode()
        : !record.hashIds().isEmpty() ? record.hashIds().get(0) : index;
    // Murmur3's finaliser: sequential names or ids must not all land on one side.
    key ^= key >>> 33;
    key *= 0xFF51AFD7ED558CCDL;
    key ^= key >>> 33;
    return key;
  }

  /** The CLI name, e.g. {@code first-half}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a CLI name such as {@code odd-sessions}. */
  public static TraceSlice parse(String name) {
    for (TraceSlice slice : values()) {
      if (slice.cliName().equalsIgnoreCase(name.strip())) {
        return slice;
      }
    }
    throw new IllegalArgumentException("unknown slice '" + name
        + "', expected all, first-half, second-half, even-sessions or odd-sessions");
  }
}
