package dev.baton.server.kvevents;

/**
 * Where one endpoint's KV events come from, resolved from configuration (never from a request).
 *
 * @param endpointId the endpoint whose cache the events describe
 * @param publisher the engine's PUB address, e.g. {@code tcp://10.0.0.5:5557}
 * @param replay the engine's replay ROUTER address, or null when it has none
 * @param topic the subscription prefix
 */
public record SubscriptionTarget(String endpointId, String publisher, String replay, String topic) {}
