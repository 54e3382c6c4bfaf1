/**
 * Client authentication on the front door: API keys (from YAML or a key file, held only as SHA-256
 * digests, compared in constant time) presented as {@code Authorization: Bearer}, each naming a
 * tenant for admission fairness and rate limits; and the credentials workers get instead of the
 * client's.
 */
package dev.baton.server.auth;
