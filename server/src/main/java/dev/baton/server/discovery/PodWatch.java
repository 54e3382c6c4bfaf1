package dev.baton.server.discovery;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The pods a label selector picks in one namespace, as a shared informer keeps them: once the first
 * list is in, every add, change or delete hands the whole set to the listener. Every
 * {@code resync} the whole list is read again and replaces what the informer built, so a delete the
 * watch missed leaves no ghost. The informer runs on the client's threads and the relist on a worker
 * thread: no event loop waits on the API server. Both Kubernetes sources serve pods through it.
 */
final class PodWatch implements AutoCloseable {
  /** What the watch tells its owner, from any thread. */
  interface Listener {
    /** The selected pods, all of them, after the first list and after every change. */
    void pods(List<Pod> pods);

    /** A list or watch failed; the last set stays. */
    void watchFailed(String problem);

    /** A listener made of its two callbacks. */
    static Listener of(Consumer<List<Pod>> pods, Consumer<String> failed) {
      return new Listener() {
        @Override
        public void pods(List<Pod> list) {
          pods.accept(list);
        }

        @Override
        public void watchFailed(String problem) {
          failed.accept(problem);
        }
      };
    }
  }

  private final Vertx vertx;
  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, String> selector;
  private final Listener listener;
  /** The selected pods by name, as the informer and the relists left them; guarded by itself. */
  private final Map<String, Pod> pods = new HashMap<>();
  private final SharedIndexInformer<Pod> informer;
  private final long relistTimer;
  private volatile boolean closed;

  private PodWatch(Vertx vertx, KubernetesClient client, String namespace,
      Map<String, String> selector, Duration resync, Listener listener) {
    this.vertx = vertx;
    this.client = client;
    this.namespace = namespace;
    this.selector = Map.copyOf(selector);
    this.listener = listener;
    this.informer = client.pods().inNamespace(namespace).withLabels(this.selector)
        .runnableInformer(resync.toMillis());
    informer.addEventHandler(new Events());
    Future.fromCompletionStage(informer.start()).onSuccess(v -> republish())
        .onFailure(err -> failure("cannot watch pods in " + namespace, err));
    this.relistTimer = vertx.setPeriodic(resync.toMillis(), id -> relist());
  }

  /** Starts watching; does no blocking I/O itself (the informer lists on its own threads). */
  static PodWatch start(Vertx vertx, KubernetesClient client, String namespace,
      Map<String, String> selector, Duration resync, Listener listener) {
    return new PodWatch(vertx, client, namespace, selector, resync, listener);
  }

  /** The selected pods now; empty before the first list. */
  List<Pod> pods() {
    synchronized (pods) {
      return List.copyOf(pods.values());
    }
  }

  /** Whether the first list is in. */
  boolean synced() {
    return informer.hasSynced();
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
    if (informer.hasSynced()) {
      republish();
    }
  }

  /** Reads the whole list again on a worker thread and makes it the truth. */
  private void relist() {
    vertx.<List<Pod>>executeBlocking(() -> client.pods().inNamespace(namespace)
            .withLabels(selector).list().getItems(), false)
        .onSuccess(list -> {
          synchronized (pods) {
            pods.clear();
            list.forEach(p -> pods.put(p.getMetadata().getName(), p));
          }
          republish();
        })
        .onFailure(err -> failure("cannot list pods in " + namespace, err));
  }

  private void republish() {
    if (!closed) {
      listener.pods(pods());
    }
  }

  private void failure(String what, Throwable err) {
    if (!closed) {
      listener.watchFailed(what + ": " + err.getMessage());
    }
  }

  /** Stops the informer and the relists; the listener hears nothing more. Call off the event loop. */
  @Override
  public void close() {
    closed = true;
    vertx.cancelTimer(relistTimer);
    informer.close();
  }
}
