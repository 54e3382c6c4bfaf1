package dev.baton.bench.replay;

import dev.baton.bench.client.SloHeaders;
import dev.baton.bench.trace.TraceRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers a replay sends with each trace line, so Baton sees the request as it arrived: its
 * TTFT and TPOT objectives (llm-d's SLO headers), priority, session and tenant, each under the name
 * the replayed Baton reads. A line's missing field sends no header.
 *
 * @param priority the header Baton's admission reads the priority class from
 * @param session the scheduler's session-affinity header
 * @param tenant the admission's tenant header (read only while client authentication is off), or
 *     null to send no tenant
 */
public record TraceHeaders(String priority, String session, String tenant) {

  /** Baton's default header names ({@code x-priority}, {@code x-session-id}, {@code x-tenant}). */
  public static final TraceHeaders BATON_DEFAULTS =
      new TraceHeaders("x-priority", "x-session-id", "x-tenant");

  /** The headers {@code record} is sent with, in a stable order. */
  public Map<String, String> of(TraceRecord record) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (record.sloTtftMs() != null) {
      headers.put(SloHeaders.TTFT, SloHeaders.value(record.sloTtftMs()));
    }
    if (record.sloTpotMs() != null) {
      headers.put(SloHeaders.TPOT, SloHeaders.value(record.sloTpotMs()));
    }
    putIfNamed(headers, priority, record.priority());
    putIfNamed(headers, session, record.session());
    putIfNamed(headers, tenant, record.tenant());
    return headers;
  }

  private static void putIfNamed(Map<String, String> headers, String name, String value) {
    if (name != null && value != null && !value.isBlank()) {
      headers.put(name, value);
    }
  }
}
