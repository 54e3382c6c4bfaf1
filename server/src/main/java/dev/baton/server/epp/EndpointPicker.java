package dev.baton.server.epp;

import io.vertx.core.Future;

/** Decides where one request goes. The ext_proc stream calls it once per HTTP request. */
interface EndpointPicker {

  /**
   * Never fails: every problem is a {@link Pick.Refused} with its HTTP status.
   *
   * @param streamGone completes when the gateway's stream ends before the pick: a request waiting
   *     for admission gives up its place in the queue
   */
  Future<Pick> pick(PickRequest request, Future<Void> streamGone);
}
