package dev.baton.sim.engine;

import dev.baton.sim.SimConfig;
import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A continuous-batching engine after vLLM's v1 scheduler, on a virtual clock driven by event-loop
 * timers. Each step schedules the running sequences first (one token each when decoding, a chunk
 * when prefilling), then admits waiting ones in arrival order while the token budget, {@code
 * max_num_seqs} and free KV blocks allow; a decode that finds no free block preempts the newest
 * running sequence. The step lasts {@code overhead + prefill tokens * per-token cost + decoding
 * sequences * per-sequence cost + their context tokens * per-context-token cost}, divided by the
 * speed; its tokens come out when it ends.
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
  private final EngineObserver observer;
  private final KvCache kv;
  private final HeldBlocks held;
  private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
  private final List<Sequence> running = new ArrayList<>();

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
    this.observer = observer;
    this.kv = new KvCache(config.kvBlocks(), config.blockSize());
    this.held = new HeldBlocks(context.owner(), kv, counters);
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
    waiting.addLast(seq);
    kick();
    publish();
    return seq;
  }

  /** Drops a sequence at once, wherever it is, freeing its blocks. Idempotent. */
  public void abort(Sequence seq) {
    if (seq.state == Sequence.State.WAITING) {
      waiting.remove(seq);
    } else if (seq.state == Sequence.State.RUNNING) {
      running.remove(seq);
      freeBlocks(seq);
    } else {
      return;
    }
    seq.state = Sequence.State.ABORTED;
    publish();
    kick();
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
        apply(done);
      }
      Step step = schedule();
      if (step == null) {
        idle = true;
        long wake = earliestSlowWake();
        if (wake != Long.MAX_VALUE) {
          armTimer(Math.max(0, wake - now));
        }
        publish();
        return;
      }
      step.endAt = clock + Math.max(1, (long) (stepCostMs(step) * 1e6 / config.speed()));
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

  private Step schedule() {
    int bs = kv.blockSize();
    int budget = config.maxNumBatchedTokens();
    Step step = new Step();
    boolean preempted = false;
    for (int i = 0; i < running.size() && budget > 0; i++) {
      Sequence seq = running.get(i);
      if (seq.eligibleAtNanos > clock) {
        continue;
      }
      int numNew = Math.min(seq.length() - seq.numComputed, budget);
      if (numNew <= 0) {
        continue;
      }
      while (blocksNeeded(seq, numNew) > kv.freeBlocks()) {
        Sequence victim = running.get(running.size() - 1);
        preempt(victim);
        preempted = true;
        if (victim == seq) {
          break;
        }
      }
      if (seq.state != Sequence.State.RUNNING) {
        break;
      }
      grow(seq, numNew);
      step.add(seq, numNew, isDecode(seq, numNew));
      budget -= numNew;
    }
    while (!preempted && budget > 0 && !waiting.isEmpty() && running.size() < config.maxNumSeqs()) {
      Sequence seq = waiting.peekFirst();
      int[] hits = prefixHits(seq);
      int hitTokens = hits.length * bs;
      int computed = Math.max(hitTokens, Math.min(seq.spec().externalTokens(), seq.promptLength() - 1));
      if (seq.admitted) {
        computed = hitTokens; // a preempted sequence recomputes what the cache no longer has
      }
      int numNew = Math.min(seq.length() - computed, budget);
      int freeHits = 0;
      for (int b : hits) {
        freeHits += kv.isFree(b) ? 1 : 0;
      }
      int fresh = ceilDiv(computed + numNew, bs) - hits.length;
      if (fresh + freeHits > kv.freeBlocks()) {
        break; // head-of-line blocking, as vLLM's FCFS policy does
      }
      waiting.pollFirst();
      for (int b : hits) {
        kv.touch(b);
        seq.blocks.add(b);
      }
      seq.publishedBlocks = hits.length;
      seq.numComputed = computed;
      seq.state = Sequence.State.RUNNING;
      if (!seq.admitted) {
        seq.admitted = true;
        seq.cachedTokens = computed;
        seq.firstScheduledNanos = clock;
        int queried = config.prefixCaching() ? seq.promptLength() : 0;
        counters.prefixCacheQueries += queried;
        counters.prefixCacheHits += hitTokens;
        observer.admitted(seq, simSeconds(clock - seq.arrivalNanos), queried, hitTokens);
      }
      running.add(seq);
      grow(seq, numNew);
      step.add(seq, numNew, false);
      budget -= numNew;
    }
    return step.size == 0 ? null : step;
  }

  private void apply(Step step) {
    for (int i = 0; i < step.size; i++) {
      Sequence seq = step.seqs[i];
      if (seq.state != Sequence.State.RUNNING) {
        continue; // aborted or preempted while the step ran
      }
      seq.numComputed += step.numNew[i];
      publishFullBlocks(seq);
      if (seq.numComputed < seq.length()) {
        continue; // a prefill chunk: no token yet
      }
      if (!seq.prefillCounted) {
        seq.prefillCounted = true;
        counters.promptTokens += seq.promptLength();
        observer.prefilled(seq);
      }
      sample(seq);
    }
  }

  private void sample(Sequence seq) {
    SequenceSpec spec = seq.spec();
    int index = seq.outputCount();
    int token =
        Generation.tokenAt(spec.seed(), index, config.naturalOutputTokens(), spec.minTokens(), spec.ignoreEos());
    seq.append(token);
    counters.generationTokens++;
    boolean first = index == 0;
    long since = clock - (first ? seq.arrivalNanos : seq.lastTokenNanos);
    seq.lastTokenNanos = clock;
    observer.token(seq, first, simSeconds(since));
    FinishReason reason = null;
    if (token == dev.baton.sim.tokenizer.SimTokenizer.EOT && !spec.ignoreEos()) {
      reason = FinishReason.STOP;
    } else if (seq.outputCount() >= spec.maxTokens()) {
      reason = FinishReason.LENGTH;
    }
    if (spec.slowNanosPerToken() > 0) {
      seq.eligibleAtNanos = System.nanoTime() + spec.slowNanosPerToken();
    }
    if (reason != null) {
      finish(seq, reason);
    }
    seq.sink().onToken(seq, token, reason);
  }

  private void finish(Sequence seq, FinishReason reason) {
    running.remove(seq);
    seq.state = Sequence.State.FINISHED;
    if (reason == FinishReason.LENGTH && seq.spec().holdForRemoteDecode()) {
      long timeoutNanos = (long) (config.heldBlocksTimeout().toNanos() / config.speed());
      held.hold(seq.requestId(), seq.blocks.toArray(), seq.numComputed, timeoutNanos);
    } else {
      freeBlocks(seq);
    }
    observer.finished(seq, reason, simSeconds(clock - seq.arrivalNanos));
  }

  private void preempt(Sequence victim) {
    running.remove(victim);
    freeBlocks(victim);
    victim.numComputed = 0;
    victim.state = Sequence.State.WAITING;
    waiting.addFirst(victim);
    counters.preemptions++;
    observer.preempted(victim);
  }

  private void freeBlocks(Sequence seq) {
    // Last blocks first, so the tail of a prompt is evicted before its shareable head.
    for (int i = seq.blocks.size() - 1; i >= 0; i--) {
      kv.release(seq.blocks.get(i));
    }
    seq.blocks.clear();
    seq.publishedBlocks = 0;
  }

  private int[] prefixHits(Sequence seq) {
    if (!config.prefixCaching()) {
      return new int[0];
    }
    int bs = kv.blockSize();
    // At least one prompt token is always computed, so the last full block of an exact repeat misses.
    int max = (seq.length() - 1) / bs;
    long root = rootHash(seq);
    Sequence.IntList hits = new Sequence.IntList();
    for (int k = 0; k < max; k++) {
      int b = kv.lookup(seq.blockHash(k, bs, root));
      if (b < 0) {
        break;
      }
      hits.add(b);
    }
    return hits.toArray();
  }

  private void publishFullBlocks(Sequence seq) {
    if (!config.prefixCaching()) {
      return;
    }
    int bs = kv.blockSize();
    int full = Math.min(seq.numComputed / bs, seq.blocks.size());
    long root = rootHash(seq);
    for (int k = seq.publishedBlocks; k < full; k++) {
      kv.publish(seq.blocks.get(k), seq.blockHash(k, bs, root));
    }
    seq.publishedBlocks = Math.max(seq.publishedBlocks, full);
  }

  private static long rootHash(Sequence seq) {
    String scope = seq.spec().cacheScope();
    return scope.isEmpty() ? 0 : Generation.mix(scope.hashCode());
  }

  private int blocksNeeded(Sequence seq, int numNew) {
    return ceilDiv(seq.numComputed + numNew, kv.blockSize()) - seq.blocks.size();
  }

  private void grow(Sequence seq, int numNew) {
    for (int n = blocksNeeded(seq, numNew); n > 0; n--) {
      seq.blocks.add(kv.allocate());
    }
  }

  private static boolean isDecode(Sequence seq, int numNew) {
    return numNew == 1 && seq.outputCount() > 0 && seq.numComputed == seq.length() - 1;
  }

  private double stepCostMs(Step step) {
    return config.stepOverheadMs()
        + step.prefillTokens * config.prefillUsPerToken() / 1000.0
        + step.decodeSeqs * config.decodeMsPerSeq()
        + step.contextTokens * config.contextUsPerToken() / 1000.0;
  }

  private long earliestSlowWake() {
    long wake = Long.MAX_VALUE;
    for (Sequence seq : running) {
      wake = Math.min(wake, seq.eligibleAtNanos);
    }
    return running.isEmpty() ? Long.MAX_VALUE : wake;
  }

  private double simSeconds(long wallNanos) {
    return wallNanos / 1e9 * config.speed();
  }

  private void publish() {
    counters.running = running.size();
    counters.waiting = waiting.size();
    counters.usedBlocks = kv.usedBlocks();
    counters.heldBlocks = held.heldBlocks();
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /** The work of one step: who computes how many tokens, and what that costs. */
  private static final class Step {
    Sequence[] seqs = new Sequence[8];
    int[] numNew = new int[8];
    int size;
    long prefillTokens;
    int decodeSeqs;
    long contextTokens;
    long endAt;

    void add(Sequence seq, int n, boolean decode) {
      if (size == seqs.length) {
        seqs = java.util.Arrays.copyOf(seqs, size * 2);
        numNew = java.util.Arrays.copyOf(numNew, size * 2);
      }
      seqs[size] = seq;
      numNew[size++] = n;
      if (decode) {
        decodeSeqs++;
        contextTokens += seq.numComputed;
      } else {
        prefillTokens += n;
      }
    }
  }
}
