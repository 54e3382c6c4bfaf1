package dev.baton.server.accesslog;

/**
 * One attempt of a leg as the access log's {@code attempts} list shows it.
 *
 * @param leg {@code prefill} or {@code decode}
 * @param endpoint the endpoint tried
 * @param outcome how it ended: {@code answered}, {@code broken}, {@code unreachable},
 *     {@code timeout}, {@code bad_answer}, {@code circuit_open} or {@code cancelled}
 * @param status the worker's HTTP status when its answer's head arrived, or null
 */
public record AttemptEntry(String leg, String endpoint, String outcome, Integer status) {}
