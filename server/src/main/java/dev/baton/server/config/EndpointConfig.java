package dev.baton.server.config;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.Role;
import java.util.Map;
import java.util.Set;

/**
 * One worker of a pool.
 *
 * @param url the worker's base URL, e.g. {@code http://10.0.0.7:8000} (no path)
 * @param role {@code prefill}, {@code decode} or {@code both} (default {@code both})
 * @param id a stable name for logs and metrics (default {@code host:port})
 * @param labels free-form labels (zone, gpu...) for scheduling filters
 * @param kvEvents this worker's KV-event PUB address (e.g. {@code tcp://10.0.0.5:5557}), in place
 *     of the pool's {@code kvEvents.port} on the URL's host
 * @param kvReplay this worker's KV-event replay address, in place of the pool's {@code replayPort}
 * @param bootstrapPort the port of the worker's KV bootstrap server, for the {@code sglang} and
 *     {@code mooncake} dialects (SGLang's {@code --disaggregation-bootstrap-port}, vLLM's
 *     {@code VLLM_MOONCAKE_BOOTSTRAP_PORT}); unset, learned from the worker (SGLang) or 8998
 * @param dataParallelSize how many data-parallel ranks the worker runs behind its one URL (vLLM's
 *     {@code --data-parallel-size}, SGLang's {@code --dp-size}); unset, learned from the {@code dp_size}
 *     of an SGLang worker's {@code /server_info} (dialect {@code sglang}), else 1. Above 1 the scheduler
 *     picks a rank and pins it with {@code X-data-parallel-rank}, reads each rank's load from the
 *     metrics' {@code engine} label, and subscribes to each rank's KV events on the event ports
 *     plus the rank
 */
public record EndpointConfig(String url, Role role, String id, Map<String, String> labels,
    String kvEvents, String kvReplay, Integer bootstrapPort, Integer dataParallelSize) {

  /** A worker with the pool's KV-event addresses and no bootstrap port of its own. */
  public EndpointConfig(String url, Role role, String id, Map<String, String> labels) {
    this(url, role, id, labels, null, null, null, null);
  }

  /** A worker with KV-event addresses of its own and no bootstrap port of its own. */
  public EndpointConfig(String url, Role role, String id, Map<String, String> labels,
      String kvEvents, String kvReplay) {
    this(url, role, id, labels, kvEvents, kvReplay, null, null);
  }

  /** A worker without data-parallel ranks. */
  public EndpointConfig(String url, Role role, String id, Map<String, String> labels,
      String kvEvents, String kvReplay, Integer bootstrapPort) {
    this(url, role, id, labels, kvEvents, kvReplay, bootstrapPort, null);
  }

  /** The data-parallel ranks behind the URL: 1 unless set. */
  public int ranks() {
    return dataParallelSize == null ? 1 : dataParallelSize;
  }

  /** This worker with {@code ranks} data-parallel ranks (learned from the worker). */
  public EndpointConfig withDataParallelSize(int ranks) {
    return new EndpointConfig(url, role, id, labels, kvEvents, kvReplay, bootstrapPort, ranks);
  }

  public EndpointConfig {
    role = role == null ? Role.BOTH : role;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /**
   * The endpoint's identity: its {@code id} when named, else the {@code host:port} of its URL. The
   * one place both validation (duplicates) and the runtime (state kept across reloads) ask.
   *
   * @throws IllegalArgumentException when the URL is not usable
   */
  public String identity() {
    return id != null ? id : WorkerUrl.parse(url).authority();
  }

  /** The router's endpoint for a pool serving {@code models}; the URL must be valid. */
  public Endpoint toEndpoint(Set<String> models) {
    WorkerUrl at = WorkerUrl.parse(url);
    return new Endpoint(identity(), at.scheme(), at.host(), at.port(), role, models, labels,
        bootstrapPort == null ? 0 : bootstrapPort, ranks());
  }
}
