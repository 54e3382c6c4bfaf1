package dev.baton.server.kvevents;

/**
 * Where one endpoint's (or one data-parallel rank's) KV events come from, resolved from
 * configuration (never from a request).
 *
 * @param cacheId the cache the events describe: the endpoint's id, or its rank's {@code cacheId}
 * @param publisher the engine's PUB address, e.g. {@code tcp://10.0.0.5:5557}
 * @param replay the engine's replay ROUTER address, or null when it has none
 * @param topic the subscription prefix
 */
public record SubscriptionTarget(String cacheId, String publisher, String replay, String topic) {}
