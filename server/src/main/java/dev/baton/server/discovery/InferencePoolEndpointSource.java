package dev.baton.server.discovery;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code inferencePool} source: an informer on one Gateway API Inference Extension
 * {@code InferencePool}, and a {@link PodWatch} on the pods its selector picks, served on each of
 * its target ports with the {@code kubernetes} source's rules ({@link PodEndpoints}). A selector
 * edit starts a watch on the new selector and the pool moves once that one has its first list; a
 * port edit republishes the same pods. A pool that is missing, deleted or invalid leaves the Baton
 * pool empty and says why in the source's status.
 */
public final class InferencePoolEndpointSource extends ApiServerSource {
  private final InferencePoolSourceParameters settings;
  // All guarded by this.
  private KubernetesClient client;
  private SharedIndexInformer<GenericKubernetesResource> poolInformer;
  /** The spec served now; null while there is none. */
  private InferencePoolSpec spec;
  private PodWatch watch;
  /** Bumped whenever {@link #watch} is replaced, so a replaced watch's late lists are dropped. */
  private int generation;

  private InferencePoolEndpointSource(Vertx vertx, InferencePoolSourceParameters settings) {
    super(vertx);
    this.settings = settings;
  }

  /** Starts watching the pool; its pods' first list makes the source ready. */
  static InferencePoolEndpointSource start(Vertx vertx, InferencePoolSourceParameters settings) {
    InferencePoolEndpointSource source = new InferencePoolEndpointSource(vertx, settings);
    source.connect(settings.apiServer());
    return source;
  }

  @Override
  protected void watch(KubernetesClient connected) {
    client = connected;
    poolInformer = client.genericKubernetesResources(InferencePoolSpec.RESOURCE)
        .inNamespace(settings.namespace()).withName(settings.name())
        .runnableInformer(settings.resync().toMillis());
    poolInformer.addEventHandler(new PoolEvents());
    Future.fromCompletionStage(poolInformer.start()).onSuccess(v -> firstPoolList())
        .onFailure(err -> failed("cannot watch " + pool() + ": " + err.getMessage()));
  }

  /** Informer callbacks, on the client's thread. */
  private final class PoolEvents implements ResourceEventHandler<GenericKubernetesResource> {
    @Override
    public void onAdd(GenericKubernetesResource pool) {
      poolChanged(pool);
    }

    @Override
    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
      poolChanged(after);
    }

    @Override
    public void onDelete(GenericKubernetesResource pool, boolean finalStateUnknown) {
      noPool("was deleted");
    }
  }

  private synchronized void firstPoolList() {
    if (spec == null && poolInformer.getStore().list().isEmpty()) {
      noPool("does not exist");
    }
  }

  private synchronized void poolChanged(GenericKubernetesResource resource) {
    InferencePoolSpec next;
    try {
      next = InferencePoolSpec.of(resource);
    } catch (IllegalArgumentException invalid) {
      if (spec == null) {
        publish(List.of());
      }
      failed(pool() + " is invalid (" + invalid.getMessage() + "); keeping the last list");
      return;
    }
    if (closed()) {
      return;
    }
    InferencePoolSpec before = spec;
    spec = next;
    if (before != null && before.matchLabels().equals(next.matchLabels())) {
      // Same pods: new ports, or the same spec again after an invalid edit (clears its error).
      if (watch.synced()) {
        servePods(watch.pods());
      }
      return;
    }
    PodWatch replaced = watch;
    int mine = ++generation;
    watch = PodWatch.start(vertx, client, settings.namespace(), next.matchLabels(),
        settings.resync(), PodWatch.Listener.of(pods -> servePods(mine, pods), this::failed));
    closeLater(Arrays.asList(replaced));
  }

  /** Serves the pods a watch listed, unless that watch was replaced meanwhile. */
  private synchronized void servePods(int watchGeneration, List<Pod> pods) {
    if (generation == watchGeneration) {
      servePods(pods);
    }
  }

  /** Called holding the lock, with the pods of the current watch. */
  private void servePods(List<Pod> pods) {
    publish(PodEndpoints.of(pods, spec.ports(), settings.roleLabel()));
  }

  private synchronized void noPool(String why) {
    if (closed()) {
      return;
    }
    spec = null;
    generation++;
    closeLater(Arrays.asList(watch));
    watch = null;
    publish(List.of());
    failed(pool() + " " + why + "; the pool has no endpoints");
  }

  private String pool() {
    return "InferencePool " + settings.namespace() + "/" + settings.name();
  }

  @Override
  protected List<AutoCloseable> watches() {
    generation++;
    return Arrays.asList(watch, poolInformer);
  }

  /** Registered as {@code inferencePool}. */
  public static final class Type implements EndpointSourceType<InferencePoolSourceParameters> {
    @Override
    public String type() {
      return "inferencePool";
    }

    @Override
    public Class<InferencePoolSourceParameters> parametersType() {
      return InferencePoolSourceParameters.class;
    }

    @Override
    public EndpointSource create(SourceContext context, InferencePoolSourceParameters parameters) {
      return start(context.vertx(), parameters);
    }
  }
}
