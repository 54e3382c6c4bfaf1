package dev.baton.server.auth;

/**
 * Who sent a request, as its API key says: the tenant for fair sharing and rate limits, and the
 * highest priority class the key may claim.
 *
 * @param tenant the key's name
 * @param maxPriority the highest class this key may ask for with the priority header, or null for
 *     the admission section's default class (a key may lower its priority, not raise it)
 */
public record Caller(String tenant, String maxPriority) {}
