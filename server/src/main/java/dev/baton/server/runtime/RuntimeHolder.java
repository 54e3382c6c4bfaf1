package dev.baton.server.runtime;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The current {@link BatonRuntime}. Requests read it once when they arrive; a hot reload swaps it
 * atomically, so requests in flight finish on the runtime they started with.
 */
public final class RuntimeHolder {
  private final AtomicReference<BatonRuntime> current;

  public RuntimeHolder(BatonRuntime initial) {
    this.current = new AtomicReference<>(Objects.requireNonNull(initial));
  }

  public BatonRuntime get() {
    return current.get();
  }

  /** Installs a new runtime and returns the one it replaced. */
  public BatonRuntime swap(BatonRuntime next) {
    return current.getAndSet(Objects.requireNonNull(next));
  }
}
