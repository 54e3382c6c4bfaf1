package dev.baton.transfer.upstream;

import dev.baton.router.endpoint.DataParallelRank;
import io.vertx.core.MultiMap;

/**
 * {@code X-data-parallel-rank}: the header that makes a data-parallel engine run a request on the
 * rank Baton picked; vLLM's OpenAI-compatible server reads it ({@code _get_data_parallel_rank} in
 * {@code vllm/entrypoints/openai/serving_engine.py}), and SGLang's honours the same header. Clients
 * cannot send it: the front door strips it with the other routing headers.
 */
public final class DataParallelHeader {
  public static final String NAME = "X-data-parallel-rank";

  private DataParallelHeader() {}

  /**
   * The headers a leg sent to {@code rank} carries: {@code headers} itself for a server with one
   * rank, else a copy naming the rank (the shared map also serves legs to other ranks and retries).
   */
  public static MultiMap pin(MultiMap headers, DataParallelRank rank) {
    if (!rank.pinned()) {
      return headers;
    }
    return MultiMap.caseInsensitiveMultiMap().addAll(headers)
        .set(NAME, Integer.toString(rank.index()));
  }
}
