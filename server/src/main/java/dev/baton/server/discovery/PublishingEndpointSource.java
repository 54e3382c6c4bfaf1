package dev.baton.server.discovery;

import dev.baton.server.config.EndpointConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The bookkeeping every source shares: the current list, readiness on the first list, and the one
 * listener. A source extends it and calls {@link #publish} whenever it learns a new list (a DNS
 * answer, a watch event) and {@link #failed} when reading it went wrong; it overrides {@link #close}
 * to stop watching, calling this one too.
 */
public abstract class PublishingEndpointSource implements EndpointSource {
  private static final System.Logger LOG =
      System.getLogger(PublishingEndpointSource.class.getName());
  private final Promise<Void> ready = Promise.promise();
  private volatile List<EndpointConfig> endpoints = List.of();
  private volatile Consumer<List<EndpointConfig>> listener = list -> { };
  private volatile boolean closed;
  private volatile SourceStatus status = SourceStatus.NONE;

  /**
   * Makes {@code list} the current one; the first call makes the source ready. A list equal to the
   * current one is dropped, so a source may republish on every resync without rebuilding the
   * runtime each time.
   */
  protected final synchronized void publish(List<EndpointConfig> list) {
    if (!closed) {
      status = new SourceStatus(Instant.now(), list.size(), null);
    }
    if (closed || (ready.future().isComplete() && list.equals(endpoints))) {
      return;
    }
    endpoints = List.copyOf(list);
    if (!ready.tryComplete()) {
      listener.accept(endpoints);
    }
  }

  /**
   * Records that reading the list failed (the last list stays in force) and logs it; the next
   * {@link #publish} clears it.
   */
  protected final void failed(String problem) {
    if (closed) {
      return;
    }
    SourceStatus before = status;
    status = new SourceStatus(before.lastSync(), before.endpoints(), problem);
    LOG.log(System.Logger.Level.WARNING, "{0}: {1}", getClass().getSimpleName(), problem);
  }

  @Override
  public final SourceStatus status() {
    return status;
  }

  @Override
  public final List<EndpointConfig> endpoints() {
    return endpoints;
  }

  @Override
  public final Future<Void> whenReady() {
    return ready.future();
  }

  @Override
  public final void onChange(Consumer<List<EndpointConfig>> listener) {
    this.listener = listener;
  }

  /** Publishes nothing more; a source that never became ready fails its readiness. */
  @Override
  public Future<Void> close() {
    closed = true;
    listener = list -> { };
    ready.tryFail("endpoint source closed before its first list");
    return Future.succeededFuture();
  }
}
