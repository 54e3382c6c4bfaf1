package dev.baton.server.admission;

import java.util.concurrent.atomic.AtomicBoolean;

/** One admitted request's slots; release them when its answer ended, whatever way. Idempotent. */
public final class Permit {
  private final AdmissionController owner;
  private final String pool;
  private final AtomicBoolean released = new AtomicBoolean();

  Permit(AdmissionController owner, String pool) {
    this.owner = owner;
    this.pool = pool;
  }

  String pool() {
    return pool;
  }

  public void release() {
    if (released.compareAndSet(false, true)) {
      owner.release(this);
    }
  }
}
