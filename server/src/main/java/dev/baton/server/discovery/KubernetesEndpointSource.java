package dev.baton.server.discovery;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code kubernetes} source: the pods a label selector picks in one namespace
 * ({@link PodWatch}), of which those that serve are endpoints ({@link PodEndpoints}).
 */
public final class KubernetesEndpointSource extends ApiServerSource {
  private final KubernetesSourceParameters settings;
  private PodWatch watch;

  private KubernetesEndpointSource(Vertx vertx, KubernetesSourceParameters settings) {
    super(vertx);
    this.settings = settings;
  }

  /** Starts watching; the first full list makes the source ready. */
  static KubernetesEndpointSource start(Vertx vertx, KubernetesSourceParameters settings) {
    KubernetesEndpointSource source = new KubernetesEndpointSource(vertx, settings);
    source.connect(settings.apiServer());
    return source;
  }

  @Override
  protected void watch(KubernetesClient client) {
    watch = PodWatch.start(vertx, client, settings.namespace(), settings.selector(),
        settings.resync(), PodWatch.Listener.of(pods -> publish(
            PodEndpoints.of(pods, List.of(settings.port()), settings.roleLabel())), this::failed));
  }

  @Override
  protected List<AutoCloseable> watches() {
    return Arrays.asList(watch);
  }

  /** Registered as {@code kubernetes}. */
  public static final class Type implements EndpointSourceType<KubernetesSourceParameters> {
    @Override
    public String type() {
      return "kubernetes";
    }

    @Override
    public Class<KubernetesSourceParameters> parametersType() {
      return KubernetesSourceParameters.class;
    }

    @Override
    public EndpointSource create(SourceContext context, KubernetesSourceParameters parameters) {
      return start(context.vertx(), parameters);
    }
  }
}
