package dev.baton.transfer.call;

/** A layer of the worker-call stack: one concern around the {@link #next} call. */
abstract class DecoratingCall<T> implements WorkerCall<T> {
  /** The rest of the stack, down to the send. */
  protected final WorkerCall<T> next;

  DecoratingCall(WorkerCall<T> next) {
    this.next = next;
  }
}
