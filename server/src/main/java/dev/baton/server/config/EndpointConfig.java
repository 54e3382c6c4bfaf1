package dev.baton.server.config;

import dev.baton.router.endpoint.Role;
import java.util.Map;

/**
 * One worker of a pool.
 *
 * @param url the worker's base URL, e.g. {@code http://10.0.0.7:8000} (no path)
 * @param role {@code prefill}, {@code decode} or {@code both} (default {@code both})
 * @param id a stable name for logs and metrics (default {@code host:port})
 * @param labels free-form labels (zone, gpu...) for scheduling filters
 */
public record EndpointConfig(String url, Role role, String id, Map<String, String> labels) {

  public EndpointConfig {
    role = role == null ? Role.BOTH : role;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
