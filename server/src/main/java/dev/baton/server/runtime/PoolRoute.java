package dev.baton.server.runtime;

import dev.baton.router.pool.Pool;
import dev.baton.server.config.PoolConfig;
import dev.baton.transfer.call.WorkerPolicy;
import dev.baton.transfer.handoff.HandoffDialect;
import dev.baton.transfer.handoff.HandoffPolicy;

/**
 * A pool with what executing its plans needs.
 *
 * @param pool the endpoints and their live state
 * @param dialect how its prefill hands the KV cache to decode
 * @param policy how its split requests react to prefill failures
 * @param workers timeouts, retries and breakers of every call to its workers
 * @param config the pool's YAML entry (credentials, KV events, tokenizer, source), so nothing on
 *     the request path searches the configuration by pool name
 */
public record PoolRoute(
    Pool pool, HandoffDialect dialect, HandoffPolicy policy, WorkerPolicy workers, PoolConfig config) {}
