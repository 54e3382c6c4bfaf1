package dev.baton.sim;

/**
 * A point-in-time snapshot of one simulated worker, for test assertions. Counters count since start
 * (or since the last reset); token counters count tokens.
 *
 * @param requestsReceived generation requests that reached the worker (valid or not)
 * @param requestsCompleted generation requests answered in full
 * @param requestsAborted requests whose connection closed before the answer finished (the client left,
 *     or the worker cut it for a {@code drop-after} fault)
 * @param running sequences in the running batch
 * @param waiting sequences queued for the running batch
 * @param heldBlocks KV blocks held for a remote decode to pull
 * @param kvTransfersIn KV handles pulled successfully from a prefill worker
 * @param kvTransferBlocksIn blocks pulled from prefill workers
 * @param localPrefillFallbacks decode requests whose handle was incomplete or unknown, prefilled locally
 * @param prefixCacheQueries prompt tokens looked up in the prefix cache
 * @param prefixCacheHits prompt tokens found in the prefix cache
 * @param usedBlocks KV blocks in use (running sequences plus held blocks)
 * @param totalBlocks KV blocks in the cache
 * @param promptTokens prompt tokens of finished prefills
 * @param generationTokens generated tokens
 * @param preemptions sequences preempted because the KV cache ran out
 */
public record SimStats(
    long requestsReceived,
    long requestsCompleted,
    long requestsAborted,
    int running,
    int waiting,
    int heldBlocks,
    long kvTransfersIn,
    long kvTransferBlocksIn,
    long localPrefillFallbacks,
    long prefixCacheQueries,
    long prefixCacheHits,
    int usedBlocks,
    int totalBlocks,
    long promptTokens,
    long generationTokens,
    long preemptions) {

  /** The whole worker: every rank's counters and blocks added up. */
  public static SimStats sum(java.util.List<SimStats> ranks) {
    SimStats t = new SimStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    for (SimStats r : ranks) {
      t = new SimStats(t.requestsReceived + r.requestsReceived,
          t.requestsCompleted + r.requestsCompleted, t.requestsAborted + r.requestsAborted,
          t.running + r.running, t.waiting + r.waiting, t.heldBlocks + r.heldBlocks,
          t.kvTransfersIn + r.kvTransfersIn, t.kvTransferBlocksIn + r.kvTransferBlocksIn,
          t.localPrefillFallbacks + r.localPrefillFallbacks,
          t.prefixCacheQueries + r.prefixCacheQueries, t.prefixCacheHits + r.prefixCacheHits,
          t.usedBlocks + r.usedBlocks, t.totalBlocks + r.totalBlocks,
          t.promptTokens + r.promptTokens, t.generationTokens + r.generationTokens,
          t.preemptions + r.preemptions);
    }
    return t;
  }

  /** Fraction of the KV cache in use, as {@code vllm:kv_cache_usage_perc} reports it. */
  public double kvCacheUsage() {
    return totalBlocks == 0 ? 0 : (double) usedBlocks / totalBlocks;
  }
}
