package dev.baton.server.discovery;

import java.time.Duration;

/**
 * The settings of a {@code p2p-nccl} endpoint source, the registration vLLM's
 * {@code P2pNcclConnector} instances send to their proxy:
 * {@code endpointSource: {type: p2p-nccl, port: 30001}}. Each instance's
 * {@code kv_connector_extra_config} names Baton as {@code proxy_ip} / {@code proxy_port}.
 *
 * @param host the address the registration socket binds (default {@code 0.0.0.0}); it accepts any
 *     instance that reaches it, so bind it where only the engines can
 * @param port the registration port, the engines' {@code proxy_port}. Required; 0 binds any free
 *     port (tests)
 * @param expireAfter how long an instance stays after its last registration (default 10s; the
 *     engines register every 3 s, and vLLM's example proxy drops them after 5 s). At least 100ms
 */
public record P2pNcclSourceParameters(String host, Integer port, Duration expireAfter) {

  public static final Duration DEFAULT_EXPIRY = Duration.ofSeconds(10);
  private static final Duration SHORTEST_EXPIRY = Duration.ofMillis(100);

  public P2pNcclSourceParameters {
    host = host == null || host.isBlank() ? "0.0.0.0" : host;
    if (port == null || port < 0 || port > 65535) {
      throw new IllegalArgumentException("port is required, 0..65535 (the engines' proxy_port)");
    }
    expireAfter = expireAfter == null ? DEFAULT_EXPIRY : expireAfter;
    if (expireAfter.compareTo(SHORTEST_EXPIRY) < 0) {
      throw new IllegalArgumentException("expireAfter must be at least 100ms");
    }
  }
}
