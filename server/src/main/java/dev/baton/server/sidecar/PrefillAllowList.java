package dev.baton.server.sidecar;

import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.WorkerUrl;
import dev.baton.server.discovery.EndpointSource;
import dev.baton.server.discovery.EndpointSourceTypes;
import dev.baton.server.discovery.SourceContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;

/**
 * The prefill endpoints a sidecar may dial: an address in {@code x-prefiller-host-port} is called
 * only when the operator listed it or a pool's endpoint source (static, DNS, Kubernetes pods, the
 * InferencePool) currently has it. Never an address only because a request named it.
 */
final class PrefillAllowList {
  private final Set<String> listed;
  private final List<EndpointSource> sources;

  private PrefillAllowList(Set<String> listed, List<EndpointSource> sources) {
    this.listed = listed;
    this.sources = sources;
  }

  /** The listed addresses and, with {@code config}, its pools' sources once they are ready. */
  static Future<PrefillAllowList> open(Vertx vertx, Set<String> listed, BatonConfig config) {
    List<EndpointSource> sources = config == null ? List.of() : config.pools().stream()
        .map(pool -> EndpointSourceTypes.open(new SourceContext(vertx, pool),
            pool.endpointSource()))
        .toList();
    return Future.all(sources.stream().map(EndpointSource::whenReady).toList())
        .map(v -> new PrefillAllowList(Set.copyOf(listed), sources));
  }

  /** True when {@code hostPort} ({@code ip:port}) is listed or a pool currently has it. */
  boolean allows(String hostPort) {
    if (listed.contains(hostPort)) {
      return true;
    }
    for (EndpointSource source : sources) {
      for (EndpointConfig endpoint : source.endpoints()) {
        if (endpoint.role().canPrefill() && WorkerUrl.parse(endpoint.url()).authority().equals(hostPort)) {
          return true;
        }
      }
    }
    return false;
  }

  Future<Void> close() {
    return Future.all(sources.stream().map(EndpointSource::close).toList()).mapEmpty();
  }
}
