package dev.baton.server.accesslog;

import java.time.Instant;
import java.util.List;

/**
 * Formats an {@link AccessLogEntry} as one JSON object with snake_case keys in a fixed order, the
 * same bytes Jackson wrote for the record before (issue 18: Jackson's reflection and the strings it
 * made were much of the log's cost). Keeps the last second's date text, so most lines format their
 * time with a few appends. One instance per thread: it is not thread-safe.
 */
final class AccessLineFormat {
  private long cachedSecond = Long.MIN_VALUE;
  /** {@code 2026-11-27T05:00:00} for {@link #cachedSecond}, without the zone. */
  private String cachedDateTime;

  /** Appends the entry's JSON object (no line break) to {@code out}. */
  void append(AccessLogEntry e, JsonLineBuffer out) {
    out.raw('{').key("time", true);
    time(e.time(), out);
    out.key("request_id", false).string(e.requestId());
    out.key("trace_id", false).string(e.traceId());
    out.key("model", false).string(e.model());
    out.key("route", false).string(e.route());
    out.key("decision", false).string(e.decision());
    out.key("decode_endpoint", false).string(e.decodeEndpoint());
    out.key("prefill_endpoint", false).string(e.prefillEndpoint());
    out.key("attempts", false);
    attempts(e.attempts(), out);
    out.key("prefill_outcome", false).string(e.prefillOutcome());
    out.key("ttft_ms", false).number(e.ttftMs());
    out.key("prompt_tokens", false).number(e.promptTokens());
    out.key("completion_tokens", false).number(e.completionTokens());
    out.key("status", false).number(e.status());
    out.key("outcome", false).string(e.outcome());
    out.key("duration_ms", false).number(e.durationMs());
    out.raw('}');
  }

  private static void attempts(List<AttemptEntry> attempts, JsonLineBuffer out) {
    if (attempts == null) {
      out.nullValue();
      return;
    }
    out.raw('[');
    for (int i = 0; i < attempts.size(); i++) {
      AttemptEntry a = attempts.get(i);
      if (i > 0) {
        out.raw(',');
      }
      out.raw('{').key("leg", true).string(a.leg());
      out.key("endpoint", false).string(a.endpoint());
      out.key("outcome", false).string(a.outcome());
      out.key("status", false).number(a.status());
      out.raw('}');
    }
    out.raw(']');
  }

  /**
   * The instant as {@link Instant#toString()} writes it (ISO-8601 UTC, the fraction in groups of
   * three digits, as many as needed), quoted.
   */
  private void time(Instant time, JsonLineBuffer out) {
    if (time == null) {
      out.nullValue();
      return;
    }
    long second = time.getEpochSecond();
    if (second != cachedSecond) {
      String whole = Instant.ofEpochSecond(second).toString();
      if (whole.length() != 20) {
        // Years before 0 or after 9999 are written differently: rare enough to take the slow way.
        out.string(time.toString());
        return;
      }
      cachedSecond = second;
      cachedDateTime = whole.substring(0, 19);
    }
    out.raw('"').ascii(cachedDateTime);
    int nanos = time.getNano();
    if (nanos > 0) {
      out.raw('.');
      if (nanos % 1_000_000 == 0) {
        digits(out, nanos / 1_000_000, 3);
      } else if (nanos % 1_000 == 0) {
        digits(out, nanos / 1_000, 6);
      } else {
        digits(out, nanos, 9);
      }
    }
    out.raw('Z').raw('"');
  }

  private static void digits(JsonLineBuffer out, int value, int width) {
    for (int divisor = pow10(width - 1); divisor > 0; divisor /= 10) {
      out.raw((char) ('0' + (value / divisor) % 10));
    }
  }

  private static int pow10(int exponent) {
    int p = 1;
    for (int i = 0; i < exponent; i++) {
      p *= 10;
    }
    return p;
  }
}
