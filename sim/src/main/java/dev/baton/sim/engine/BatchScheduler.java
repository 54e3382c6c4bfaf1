package dev.baton.sim.engine;

import dev.baton.sim.SimConfig;
import dev.baton.sim.tokenizer.SimTokenizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The scheduling policy of one engine, after vLLM's v1 scheduler: running sequences first (one token
 * each when decoding, a chunk when prefilling), then waiting ones in arrival order while the step's
 * token budget, {@code max_num_seqs} and free KV blocks allow; a sequence that needs a block when none
 * is free preempts the newest running one. Also applies a finished step: tokens, finishes, holds.
 * Event loop only; the {@link Engine} owns the clock.
 */
final class BatchScheduler {

  private final SimConfig config;
  private final KvCache kv;
  private final HeldBlocks held;
  private final EngineCounters counters;
  private final EngineObserver observer;
  final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
  final List<Sequence> running = new ArrayList<>();
  private long clock;

  BatchScheduler(SimConfig config, KvCache kv, HeldBlocks held, EngineCounters counters, EngineObserver observer) {
    this.config = config;
    this.kv = kv;
    this.held = held;
    this.counters = counters;
    this.observer = observer;
  }

  /** Plans the next step at time {@code now}, or returns null when there is nothing to run. */
  Step schedule(long now) {
    this.clock = now;
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

  /** Applies a step that ended at {@code now}: advances every sequence in it, emitting tokens. */
  void apply(Step step, long now) {
    this.clock = now;
    observer.stepped(step.prefillTokens + step.decodeSeqs);
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
    if (first) {
      seq.firstTokenNanos = clock;
    }
    observer.token(seq, first, simSeconds(since));
    FinishReason reason = null;
    if (token == SimTokenizer.EOT && !spec.ignoreEos()) {
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
    // Tests read the gauges as soon as the answer arrives: publish before the sink writes it.
    publishGauges();
    observer.finished(seq, reason, simSeconds(clock - seq.arrivalNanos));
    observer.phases(seq, simSeconds(seq.firstTokenNanos - seq.firstScheduledNanos),
        simSeconds(clock - seq.firstTokenNanos));
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

  void freeBlocks(Sequence seq) {
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
    int runFrom = -1;
    for (int k = seq.publishedBlocks; k < full; k++) {
      boolean stored = kv.publish(seq.blocks.get(k), seq.blockHash(k, bs, root));
      if (stored && runFrom < 0) {
        runFrom = k;
      } else if (!stored && runFrom >= 0) {
        announce(seq, runFrom, k, root);
        runFrom = -1;
      }
    }
    if (runFrom >= 0) {
      announce(seq, runFrom, full, root);
    }
    seq.publishedBlocks = Math.max(seq.publishedBlocks, full);
  }

  /** One BlockStored for blocks {@code [from, to)} of a sequence, chained to the block before. */
  private void announce(Sequence seq, int from, int to, long root) {
    if (kv.events() == BlockPoolEvents.NONE) {
      return; // nobody listens: no copies
    }
    int bs = kv.blockSize();
    long[] hashes = new long[to - from];
    for (int k = from; k < to; k++) {
      hashes[k - from] = seq.blockHash(k, bs, root);
    }
    Long parent = from == 0 ? null : seq.blockHash(from - 1, bs, root);
    kv.events().stored(hashes, parent, seq.tokenRange(from * bs, to * bs), bs,
        seq.spec().cacheScope());
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

  /** When the earliest slowed-down sequence may run again, or {@code Long.MAX_VALUE}. */
  long earliestSlowWake() {
    long wake = Long.MAX_VALUE;
    for (Sequence seq : running) {
      wake = Math.min(wake, seq.eligibleAtNanos);
    }
    return running.isEmpty() ? Long.MAX_VALUE : wake;
  }

  private double simSeconds(long wallNanos) {
    // The virtual clock may trail wall time by a little (see Engine), never report negative spans.
    return Math.max(0, wallNanos) / 1e9 * config.speed();
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /** Copies the live sizes into the counters other threads read. */
  void publishGauges() {
    counters.running = running.size();
    counters.waiting = waiting.size();
    counters.usedBlocks = kv.usedBlocks();
    counters.heldBlocks = held.heldBlocks();
  }
}
