package dev.baton.sim.engine;

import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * KV blocks a prefill keeps after answering, for a decode worker to pull (vLLM's NIXL connector
 * "delays freeing" them). They are released when pulled or when the timeout passes. Event loop only.
 */
public final class HeldBlocks {

  private record Held(int[] blocks, int tokens, long timerId) {}

  private final Vertx vertx;
  private final KvCache kv;
  private final EngineCounters counters;
  private final Map<String, Held> byRequest = new HashMap<>();
  private Runnable onRelease = () -> {};
  private int heldBlocks;

  HeldBlocks(Vertx vertx, KvCache kv, EngineCounters counters) {
    this.vertx = vertx;
    this.kv = kv;
    this.counters = counters;
  }

  void onRelease(Runnable action) {
    this.onRelease = action;
  }

  void hold(String requestId, int[] blocks, int tokens, long timeoutNanos) {
    long ms = Math.max(1, timeoutNanos / 1_000_000);
    long timer =
        vertx.setTimer(
            ms,
            id -> {
              if (release(requestId)) {
                counters.heldExpired++;
              }
            });
    Held previous = byRequest.put(requestId, new Held(blocks, tokens, timer));
    heldBlocks += blocks.length;
    if (previous != null) {
      // A reused request id replaces the stale handle rather than stranding its blocks.
      vertx.cancelTimer(previous.timerId());
      free(previous);
    }
    counters.heldBlocks = heldBlocks;
  }

  /**
   * Hands over the blocks of a held request if the caller names exactly those blocks; returns the
   * number of tokens whose KV they hold, or empty when the handle is unknown or does not match.
   */
  public OptionalInt pull(String requestId, int[] blockIds) {
    Held h = byRequest.get(requestId);
    if (h == null || !Arrays.equals(h.blocks(), blockIds)) {
      return OptionalInt.empty();
    }
    release(requestId);
    return OptionalInt.of(h.tokens());
  }

  /**
   * Hands over the blocks held under {@code requestId}, whichever they are (SGLang's decode names a
   * bootstrap room, not blocks); the number of tokens whose KV they hold, or empty when none are held.
   */
  public OptionalInt take(String requestId) {
    Held h = byRequest.get(requestId);
    if (h == null) {
      return OptionalInt.empty();
    }
    release(requestId);
    return OptionalInt.of(h.tokens());
  }

  public int heldBlocks() {
    return heldBlocks;
  }

  void releaseAll() {
    for (String id : byRequest.keySet().toArray(String[]::new)) {
      release(id);
    }
  }

  private boolean release(String requestId) {
    Held h = byRequest.remove(requestId);
    if (h == null) {
      return false;
    }
    vertx.cancelTimer(h.timerId());
    free(h);
    counters.heldBlocks = heldBlocks;
    onRelease.run();
    return true;
  }

  private void free(Held h) {
    for (int i = h.blocks().length - 1; i >= 0; i--) {
      kv.release(h.blocks()[i]);
    }
    heldBlocks -= h.blocks().length;
  }
}
