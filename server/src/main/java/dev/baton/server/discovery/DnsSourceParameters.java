package dev.baton.server.discovery;

import dev.baton.router.endpoint.Role;
import java.time.Duration;

/**
 * The settings of a {@code dns} endpoint source:
 * {@code endpointSource: {type: dns, name: vllm.llm.svc.cluster.local, port: 8000, interval: 5s}}.
 *
 * @param name the DNS name to resolve, usually a headless Service; each A and AAAA address is one
 *     endpoint. Required
 * @param port the workers' port (DNS A records carry none). Required, 1..65535
 * @param interval time between two resolutions (default 5s, at least 100ms)
 * @param role the role of every endpoint found: {@code prefill}, {@code decode} or {@code both}
 *     (default {@code both}); use one pool per role, or the {@code kubernetes} source, for a split
 *     fleet
 * @param server the DNS server as {@code host:port} (default: the first {@code nameserver} of the
 *     system's resolver configuration)
 */
public record DnsSourceParameters(String name, Integer port, Duration interval, Role role,
    String server) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
  private static final Duration SHORTEST_INTERVAL = Duration.ofMillis(100);

  public DnsSourceParameters {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is required (the DNS name to resolve)");
    }
    if (port == null || port < 1 || port > 65535) {
      throw new IllegalArgumentException("port is required, 1..65535 (the workers' port)");
    }
    interval = interval == null ? DEFAULT_INTERVAL : interval;
    if (interval.compareTo(SHORTEST_INTERVAL) < 0) {
      throw new IllegalArgumentException("interval must be at least 100ms");
    }
    role = role == null ? Role.BOTH : role;
    if (server != null && serverPort(server) < 0) {
      throw new IllegalArgumentException("server must be host:port, e.g. 10.96.0.10:53");
    }
  }

  /** The host part of {@code server}. */
  String serverHost() {
    return server.substring(0, server.lastIndexOf(':')).replace("[", "").replace("]", "");
  }

  /** The port of {@code server}; -1 when it has none. */
  int serverPort() {
    return serverPort(server);
  }

  private static int serverPort(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    try {
      int p = colon <= 0 ? -1 : Integer.parseInt(hostPort.substring(colon + 1));
      return p >= 1 && p <= 65535 ? p : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
