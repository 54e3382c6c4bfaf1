package dev.baton.transfer.call;

/**
 * One attempt of a leg on one endpoint, reported to the exchange's listener when it ends: the
 * access log lists them, and the last decode attempt names the endpoint that served the request.
 *
 * @param leg prefill or decode
 * @param endpointId the endpoint tried
 * @param outcome how the attempt ended
 * @param status the worker's HTTP status when its answer's head arrived, else 0
 */
public record AttemptReport(Leg leg, String endpointId, AttemptOutcome outcome, int status) {}
