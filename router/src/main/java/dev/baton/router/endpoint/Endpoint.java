package dev.baton.router.endpoint;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A worker as configured: where it is and what it may serve. Immutable; its live state is {@link
 * EndpointState}.
 *
 * @param id stable identity across config reloads ({@code host:port} unless ops name it)
 * @param scheme {@code http} or {@code https}
 * @param host host name or address the operator configured (never one taken from a request)
 * @param port TCP port
 * @param role which legs it may run
 * @param models model names it serves
 * @param labels free-form labels for filters (zone, gpu, tenant...)
 * @param bootstrapPort the port of the worker's KV bootstrap server (SGLang's
 *     {@code --disaggregation-bootstrap-port}) when the operator set it, else 0
 * @param dataParallelSize how many data-parallel ranks the server fronts behind this one port (1
 *     without data parallelism); the scheduler sees one candidate per rank
 */
public record Endpoint(
    String id,
    String scheme,
    String host,
    int port,
    Role role,
    Set<String> models,
    Map<String, String> labels,
    int bootstrapPort,
    int dataParallelSize) {

  public Endpoint {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(role, "role");
    scheme = scheme == null ? "http" : scheme;
    models = Set.copyOf(models);
    labels = Map.copyOf(labels);
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (bootstrapPort < 0 || bootstrapPort > 65535) {
      throw new IllegalArgumentException("bootstrap port out of range: " + bootstrapPort);
    }
    if (dataParallelSize < 1) {
      throw new IllegalArgumentException("data-parallel size must be >= 1: " + dataParallelSize);
    }
  }

  /** An endpoint without data parallelism. */
  public Endpoint(String id, String scheme, String host, int port, Role role, Set<String> models,
      Map<String, String> labels, int bootstrapPort) {
    this(id, scheme, host, port, role, models, labels, bootstrapPort, 1);
  }

  /** An endpoint without a configured bootstrap port. */
  public Endpoint(String id, String scheme, String host, int port, Role role, Set<String> models,
      Map<String, String> labels) {
    this(id, scheme, host, port, role, models, labels, 0, 1);
  }

  public static Endpoint of(String host, int port, Role role, Set<String> models) {
    return new Endpoint(host + ":" + port, "http", host, port, role, models, Map.of());
  }

  public boolean serves(String model) {
    return models.contains(model);
  }

  public String baseUrl() {
    return scheme + "://" + host + ":" + port;
  }
}
