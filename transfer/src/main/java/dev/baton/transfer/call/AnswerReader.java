package dev.baton.transfer.call;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientResponse;

/** Consumes a worker's answer once its headers arrived: relayed to the client, or read whole. */
@FunctionalInterface
public interface AnswerReader<T> {

  /** Never fails: a broken body is an {@link AttemptEnd.Failed}. */
  Future<AttemptEnd<T>> read(Attempt attempt, HttpClientResponse response);
}
