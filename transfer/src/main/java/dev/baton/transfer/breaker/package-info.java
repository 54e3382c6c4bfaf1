/**
 * Passive outlier ejection: a resilience4j circuit breaker per endpoint, fed by the outcome of real
 * requests (connect errors, timeouts, 5xx answers, streams that break), driving
 * {@code EndpointState.breakerOpen} so the scheduler's health filter stops picking the endpoint.
 */
package dev.baton.transfer.breaker;
