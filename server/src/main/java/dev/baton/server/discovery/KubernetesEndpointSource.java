package dev.baton.server.discovery;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * The {@code kubernetes} source: the pods a label selector picks in one namespace
 * ({@link PodWatch}), of which those that serve are endpoints ({@link PodEndpoints}).
 */
public final class KubernetesEndpointSource extends PublishingEndpointSource {

  private final Vertx vertx;
  private final KubernetesSourceParameters settings;
  private KubernetesClient client;
  private PodWatch watch;
  private boolean closed;

  private KubernetesEndpointSource(Vertx vertx, KubernetesSourceParameters settings) {
    this.vertx = vertx;
    this.settings = settings;
  }

  /**
   * Starts watching; the first full list makes the source ready. Building the client reads the
   * service account or kubeconfig files, so it happens on a worker thread.
   */
  static KubernetesEndpointSource start(Vertx vertx, KubernetesSourceParameters settings) {
    KubernetesEndpointSource source = new KubernetesEndpointSource(vertx, settings);
    vertx.executeBlocking(() -> KubernetesClients.connect(settings.apiServer()), false)
        .onSuccess(source::watch)
        .onFailure(err -> source.failed("cannot reach the API server: " + err.getMessage()));
    return source;
  }

  private synchronized void watch(KubernetesClient connected) {
    client = connected;
    if (closed) {
      vertx.executeBlocking(() -> {
        connected.close();
        return null;
      }, false);
      return;
    }
    watch = PodWatch.start(vertx, client, settings.namespace(), settings.selector(),
        settings.resync(), new PodWatch.Listener() {
          @Override
          public void pods(List<Pod> pods) {
            publish(PodEndpoints.of(pods, List.of(settings.port()), settings.roleLabel()));
          }

          @Override
          public void watchFailed(String problem) {
            failed(problem);
          }
        });
  }

  @Override
  public Future<Void> close() {
    PodWatch w;
    KubernetesClient c;
    synchronized (this) {
      closed = true;
      w = watch;
      c = client;
    }
    return super.close().compose(v -> vertx.executeBlocking(() -> {
      if (w != null) {
        w.close();
      }
      if (c != null) {
        c.close();
      }
      return null;
    }, false));
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
