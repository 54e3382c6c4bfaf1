package dev.baton.server.accesslog;

import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A W3C Trace Context {@code traceparent} ({@code 00-<trace id>-<parent id>-<flags>}). Baton is one
 * hop of the client's trace: it keeps the client's trace id and flags when the client's header is
 * valid, gives its own hop a fresh parent id, and starts a new trace otherwise. The header to send to
 * workers is {@link #header()}; {@code tracestate} passes through untouched as an end-to-end header.
 *
 * @param traceId 32 lowercase hex digits, not all zero
 * @param parentId 16 lowercase hex digits, not all zero: the id of Baton's hop
 * @param flags 2 lowercase hex digits; bit 0 is "sampled"
 */
public record TraceParent(String traceId, String parentId, String flags) {

  /** The request header's name. */
  public static final String HEADER = "traceparent";

  private static final HexFormat HEX = HexFormat.of();
  private static final String ZERO_TRACE = "0".repeat(32);
  private static final String ZERO_PARENT = "0".repeat(16);
  /**
   * New traces ask downstream to record: without tracing on Baton exports no spans, so a worker tracing with a
   * parent-based sampler (vLLM's OpenTelemetry setup) would otherwise drop every trace Baton starts.
   */
  private static final String NEW_TRACE_FLAGS = "01";

  public TraceParent {
    if (!isHex(traceId, 32) || ZERO_TRACE.equals(traceId)) {
      throw new IllegalArgumentException("invalid trace id: " + traceId);
    }
    if (!isHex(parentId, 16) || ZERO_PARENT.equals(parentId)) {
      throw new IllegalArgumentException("invalid parent id: " + parentId);
    }
    if (!isHex(flags, 2)) {
      throw new IllegalArgumentException("invalid flags: " + flags);
    }
  }

  /**
   * The context for one request: the client's trace continued with a new hop when {@code clientHeader}
   * is valid, else a new trace.
   *
   * @param clientHeader the client's {@code traceparent}, or null
   */
  public static TraceParent forRequest(String clientHeader) {
    return parse(clientHeader)
        .map(client -> new TraceParent(client.traceId, newParentId(), client.flags))
        .orElseGet(TraceParent::newTrace);
  }

  /** A new trace with a new hop id. */
  public static TraceParent newTrace() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String traceId;
    do {
      traceId = HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
    } while (ZERO_TRACE.equals(traceId));
    return new TraceParent(traceId, newParentId(), NEW_TRACE_FLAGS);
  }

  /**
   * Parses a header as the spec's parsers must: version {@code 00} is exactly four fields; a higher
   * version may append fields after a dash, which are ignored; version {@code ff}, upper-case hex and
   * all-zero ids are invalid.
   */
  public static Optional<TraceParent> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String h = header.strip();
    if (h.length() < 55 || h.charAt(2) != '-' || h.charAt(35) != '-' || h.charAt(52) != '-') {
      return Optional.empty();
    }
    String version = h.substring(0, 2);
    if (!isHex(version, 2) || "ff".equals(version)) {
      return Optional.empty();
    }
    if (h.length() > 55 && ("00".equals(version) || h.charAt(55) != '-')) {
      return Optional.empty();
    }
    String traceId = h.substring(3, 35);
    String parentId = h.substring(36, 52);
    String flags = h.substring(53, 55);
    if (!isHex(traceId, 32) || ZERO_TRACE.equals(traceId) || !isHex(parentId, 16)
        || ZERO_PARENT.equals(parentId) || !isHex(flags, 2)) {
      return Optional.empty();
    }
    return Optional.of(new TraceParent(traceId, parentId, flags));
  }

  /** The header to forward to workers (always version {@code 00}, the one Baton speaks). */
  public String header() {
    return "00-" + traceId + "-" + parentId + "-" + flags;
  }

  public boolean sampled() {
    return (HexFormat.fromHexDigits(flags) & 1) == 1;
  }

  private static String newParentId() {
    long id;
    do {
      id = ThreadLocalRandom.current().nextLong();
    } while (id == 0);
    return HEX.toHexDigits(id);
  }

  private static boolean isHex(String s, int length) {
    if (s == null || s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }
}
