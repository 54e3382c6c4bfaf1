package dev.baton.server.accesslog;

import dev.baton.transfer.call.AttemptReport;
import java.util.List;

/**
 * One attempt of a leg as the access log's {@code attempts} list shows it.
 *
 * @param leg {@code prefill} or {@code decode}
 * @param endpoint the endpoint tried
 * @param outcome how it ended: {@code answered}, {@code broken}, {@code unreachable},
 *     {@code timeout}, {@code bad_answer}, {@code circuit_open} or {@code cancelled}
 * @param status the worker's HTTP status when its answer's head arrived, or null
 */
public record AttemptEntry(String leg, String endpoint, String outcome, Integer status) {

  /** The log's entries of {@code attempts}, in order. */
  public static List<AttemptEntry> of(List<AttemptReport> attempts) {
    AttemptEntry[] entries = new AttemptEntry[attempts.size()];
    for (int i = 0; i < entries.length; i++) {
      AttemptReport a = attempts.get(i);
      entries[i] = new AttemptEntry(a.leg().tag(), a.endpointId(), a.outcome().tag(),
          a.status() > 0 ? a.status() : null);
    }
    return List.of(entries);
  }
}
