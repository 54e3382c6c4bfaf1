package dev.baton.server.discovery;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code kubernetes} source: a shared informer on the pods a label selector picks in one
 * namespace; every add, change or delete republishes the pods that serve ({@link PodEndpoints}).
 * Every {@code resync} the whole list is read again and replaces what the informer built, so a
 * delete the watch missed leaves no ghost. The client runs on its own threads, and the list is read
 * on a worker thread: no event loop waits on the API server.
 */
public final class KubernetesEndpointSource extends PublishingEndpointSource {
  private static final System.Logger LOG =
      System.getLogger(KubernetesEndpointSource.class.getName());

  private final Vertx vertx;
  private final KubernetesSourceParameters settings;
  private volatile KubernetesClient client;
  private volatile boolean closed;
  /** The selected pods by name, as the informer and the relists left them; guarded by itself. */
  private final Map<String, Pod> pods = new HashMap<>();
  private volatile SharedIndexInformer<Pod> informer;
  private volatile long relistTimer = -1;

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
    vertx.executeBlocking(() -> {
      ConfigBuilder config = new ConfigBuilder();
      if (settings.apiServer() != null) {
        config.withMasterUrl(settings.apiServer());
      }
      KubernetesClient client = new KubernetesClientBuilder().withConfig(config.build()).build();
      SharedIndexInformer<Pod> informer = client.pods().inNamespace(settings.namespace())
          .withLabels(settings.selector()).runnableInformer(settings.resync().toMillis());
      informer.addEventHandler(source.new Events());
      source.client = client;
      source.informer = informer;
      return informer;
    }, false).onSuccess(informer -> {
      if (source.closed) {
        source.closeClient();
        return;
      }
      Future.fromCompletionStage(informer.start()).onSuccess(v -> source.republish())
          .onFailure(err -> LOG.log(System.Logger.Level.WARNING,
              "kubernetes source: cannot watch pods in {0}: {1}", settings.namespace(),
              err.getMessage()));
      source.relistTimer = vertx.setPeriodic(settings.resync().toMillis(), id -> source.relist());
    }).onFailure(err -> LOG.log(System.Logger.Level.WARNING,
        "kubernetes source: cannot reach the API server: {0}", err.getMessage()));
    return source;
  }

  /** Informer callbacks, on the client's thread. */
  private final class Events implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      changed(pod, false);
    }

    @Override
    public void onUpdate(Pod before, Pod after) {
      changed(after, false);
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {
      changed(pod, true);
    }

  }

  private void changed(Pod pod, boolean deleted) {
    synchronized (pods) {
      if (deleted) {
        pods.remove(pod.getMetadata().getName());
      } else {
        pods.put(pod.getMetadata().getName(), pod);
      }
    }
    SharedIndexInformer<Pod> i = informer;
    if (i != null && i.hasSynced()) {
      republish();
    }
  }

  /** Reads the whole list again on a worker thread and makes it the truth. */
  private void relist() {
    vertx.<List<Pod>>executeBlocking(() -> client.pods().inNamespace(settings.namespace())
            .withLabels(settings.selector()).list().getItems(), false)
        .onSuccess(list -> {
          synchronized (pods) {
            pods.clear();
            list.forEach(p -> pods.put(p.getMetadata().getName(), p));
          }
          republish();
        })
        .onFailure(err -> LOG.log(System.Logger.Level.WARNING,
            "kubernetes source: cannot list pods in {0}: {1}", settings.namespace(),
            err.getMessage()));
  }

  private void republish() {
    List<Pod> now;
    synchronized (pods) {
      now = List.copyOf(pods.values());
    }
    publish(PodEndpoints.of(now, settings.port(), settings.roleLabel()));
  }

  @Override
  public Future<Void> close() {
    closed = true;
    long t = relistTimer;
    if (t >= 0) {
      vertx.cancelTimer(t);
    }
    return super.close().compose(v -> vertx.executeBlocking(() -> {
      closeClient();
      return null;
    }, false));
  }

  private void closeClient() {
    SharedIndexInformer<Pod> i = informer;
    if (i != null) {
      i.close();
    }
    KubernetesClient c = client;
    if (c != null) {
      c.close();
    }
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
