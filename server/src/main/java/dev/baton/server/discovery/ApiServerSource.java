package dev.baton.server.discovery;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * What the sources that watch the Kubernetes API share: the client is built on a worker thread (it
 * reads the service account or kubeconfig files), the source starts its watches once it is there
 * unless it was closed meanwhile, and closing stops the watches and the client on a worker thread
 * (informers and clients may wait on their own threads).
 */
abstract class ApiServerSource extends PublishingEndpointSource {
  protected final Vertx vertx;
  // Guarded by this.
  private KubernetesClient client;
  private boolean closed;

  ApiServerSource(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Builds the client for {@code apiServer} (null: in-cluster), then calls {@link #watch}. */
  protected final void connect(String apiServer) {
    vertx.executeBlocking(() -> KubernetesClients.connect(apiServer), false)
        .onSuccess(this::connected)
        .onFailure(err -> failed("cannot reach the API server: " + err.getMessage()));
  }

  private synchronized void connected(KubernetesClient connected) {
    client = connected;
    if (closed) {
      closeLater(List.of(connected));
    } else {
      watch(connected);
    }
  }

  /** Starts watching with the connected client; called holding this source's lock. */
  protected abstract void watch(KubernetesClient client);

  /** The watches to stop on close; called holding this source's lock. */
  protected abstract List<AutoCloseable> watches();

  /** Whether {@link #close} was called; ask holding this source's lock. */
  protected final boolean closed() {
    return closed;
  }

  @Override
  public final Future<Void> close() {
    synchronized (this) {
      closed = true;
      List<AutoCloseable> all = new ArrayList<>(watches());
      if (client != null) {
        all.add(client);
      }
      closeLater(all);
    }
    return super.close();
  }

  /** Closes each of {@code things} (nulls skipped) on a worker thread. */
  protected final void closeLater(List<? extends AutoCloseable> things) {
    vertx.executeBlocking(() -> {
      for (AutoCloseable thing : things) {
        if (thing != null) {
          thing.close();
        }
      }
      return null;
    }, false);
  }
}
