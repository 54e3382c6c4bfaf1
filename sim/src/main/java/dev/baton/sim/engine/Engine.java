package dev.baton.sim.engine;

import dev.baton.sim.SimConfig;
import io.vertx.core.Context;
import java.util.concurrent.TimeUnit;

/**
 * A continuous-batching engine on a virtual clock driven by event-loop timers: {@link BatchScheduler}
 * plans each step (vLLM's v1 policy), the step lasts what {@link Step#costMs} says divided by the
 * speed, and its tokens come out when it ends.
 *
 * <p>When steps are shorter than a timer tick (high speeds) several run back to back in one tick, so
 * hundreds of sequences cost a few callbacks per millisecond, not one per token. All methods must be
 * called on the engine's context; the read-only gauges may be read from any thread.
 */
public final class Engine {

  // If the loop falls behind (a GC pause, a loaded machine) it catches up at most this much.
  private static final long MAX_DEBT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  // Work done in one callback before yielding the event loop to I/O: when the CPU cannot keep up with
  // the simulated GPU (hundreds of streams at a high speed), simulated time stretches instead of the
  // loop starving its sockets.
  private static final int MAX_STEPS_PER_TICK = 512;
  private static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(4);

  private final Context context;
  private final SimConfig config;
  private final KvCache kv;
  private final HeldBlocks held;
  private final BatchScheduler scheduler;
  private final EngineObserver observer;

  private Step inFlight;
  private long clock;
  private boolean idle = true;
  private boolean tickPending;
  private long timerId = -1;
  private boolean closed;

  private final EngineCounters counters;

  /** An engine running on {@code context}, publishing into {@code counters} and reporting to {@code observer}. */
  public Engine(Context context, SimConfig config, EngineCounters counters, EngineObserver observer) {
    this.context = context;
    this.counters = counters;
    this.config = config;
    this.kv = new KvCache(config.kvBlocks(), config.blockSize());
    this.held = new HeldBlocks(context.owner(), kv, counters);
    this.scheduler = new BatchScheduler(config, kv, held, counters, observer);
    this.observer = observer;
    // Freed blocks may unblock the head of the queue.
    this.held.onRelease(() -> {
      publish();
      kick();
    });
  }

  /** Queues a sequence; its sink hears of every token from the next step boundary on. */
  public Sequence submit(SequenceSpec spec, TokenSink sink) {
    if (closed) {
      throw new IllegalStateException("engine closed");
    }
    Sequence seq = new Sequence(spec, sink, System.nanoTime());
    scheduler.waiting.addLast(seq);
    kick();
    publish();
    return seq;
  }

  /**
   * Drops a sequence at once, wherever it is, freeing its blocks; it counts as finished with reason
   * {@code abort}, as vLLM counts a request its client left. Idempotent.
   */
  public void abort(Sequence seq) {
    if (seq.state == Sequence.State.WAITING) {
      scheduler.waiting.remove(seq);
    } else if (seq.state == Sequence.State.RUNNING) {
      scheduler.running.remove(seq);
      scheduler.freeBlocks(seq);
    } else {
      return;
    }
    seq.state = Sequence.State.ABORTED;
    publish();
    observer.finished(seq, FinishReason.ABORT,
        Math.max(0, System.nanoTime() - seq.arrivalNanos) / 1e9 * config.speed());
    kick();
  }

  /** Tells {@code listener} of every block the cache stores and evicts (vLLM's KV events). */
  public void blockEvents(BlockPoolEvents listener) {
    kv.events(listener);
  }

  /** The blocks held for remote decodes. */
  public HeldBlocks held() {
    return held;
  }

  /** Live counters and gauges, readable from any thread. */
  public EngineCounters counters() {
    return counters;
  }

  public int totalBlocks() {
    return kv.totalBlocks();
  }

  /** Forgets cached prefixes of free blocks and zeroes the counters (between tests). */
  public void reset() {
    held.releaseAll();
    kv.resetPrefixCache();
    counters.reset();
    publish();
  }

  /** Stops the loop; queued and running sequences are dropped without callbacks. */
  public void close() {
    closed = true;
    if (timerId >= 0) {
      context.owner().cancelTimer(timerId);
    }
    held.releaseAll();
  }

  private void kick() {
    if (!idle) {
      return;
    }
    idle = false;
    clock = System.nanoTime();
    if (timerId >= 0) {
      context.owner().cancelTimer(timerId);
      timerId = -1;
      tickPending = false;
    }
    if (!tickPending) {
      tickPending = true;
      context.runOnContext(v -> tick());
    }
  }

  private void tick() {
    tickPending = false;
    timerId = -1;
    if (closed) {
      return;
    }
    long now = System.nanoTime();
    if (idle) {
      idle = false;
      clock = now;
    }
    clock = Math.max(clock, now - MAX_DEBT_NANOS);
    for (int i = 0; i < MAX_STEPS_PER_TICK && System.nanoTime() - now < MAX_TICK_NANOS; i++) {
      if (inFlight != null) {
        if (inFlight.endAt > now) {
          armTimer(inFlight.endAt - now);
          publish();
          return;
        }
        clock = Math.max(clock, inFlight.endAt);
        Step done = inFlight;
        inFlight = null;
        scheduler.apply(done, clock);
      }
      Step step = scheduler.schedule(clock);
      if (step == null) {
        idle = true;
        long wake = scheduler.earliestSlowWake();
        if (wake != Long.MAX_VALUE) {
          armTimer(Math.max(0, wake - now));
        }
        publish();
        return;
      }
      double costMs = step.costMs(config);
      step.endAt = clock + Math.max(1, (long) (costMs * 1e6 / config.speed()));
      counters.busySeconds += costMs / 1000.0; // single writer: the engine's event loop
      inFlight = step;
    }
    publish();
    tickPending = true;
    context.runOnContext(v -> tick());
  }

  private void armTimer(long nanos) {
    tickPending = true;
    long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
    timerId = context.owner().setTimer(ms, id -> tick());
  }

  private void publish() {
    scheduler.publishGauges();
  }
}
