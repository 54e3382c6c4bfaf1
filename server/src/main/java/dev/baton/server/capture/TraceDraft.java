package dev.baton.server.capture;

import dev.baton.bench.trace.TraceRecord;
import dev.baton.router.latency.SloTarget;
import dev.baton.router.prefix.BlockHasher;
import java.util.ArrayList;
import java.util.List;

/**
 * The trace line of one request while it runs: what was known at its arrival, the prompt's block
 * hashes (by characters at first, by token ids once the pool's tokenizer gave them), and at the end
 * the token counts. Confined to the request's event loop, like its {@code RequestRecord}.
 */
public final class TraceDraft {

  /** Blocks hashed at most: 128k tokens at the default block size. */
  private static final int MAX_BLOCKS = 8192;

  private final TraceSink sink;
  private final double arrivalMs;
  private final String model;
  private final String tenant;
  private final int promptTokens;
  private final int maxTokens;
  private final boolean stream;
  private final String priority;
  private final SloTarget slo;
  private final String session;
  private final String prompt;
  private final int blockTokens;
  private long[] hashes = new long[0];
  private int blocks;
  /** The prompt's characters when its blocks are character blocks, else 0 (token blocks). */
  private int hashedChars;

  TraceDraft(TraceSink sink, double arrivalMs, String model, String tenant, int promptTokens,
      int maxTokens, boolean stream, String priority, SloTarget slo, String session,
      String prompt, int blockTokens) {
    this.sink = sink;
    this.arrivalMs = arrivalMs;
    this.model = model;
    this.tenant = tenant;
    this.promptTokens = promptTokens;
    this.maxTokens = maxTokens;
    this.stream = stream;
    this.priority = priority;
    this.slo = slo;
    this.session = session;
    this.prompt = prompt;
    this.blockTokens = blockTokens;
  }

  /** Hashes blocks of {@code 4 * blockTokens} characters: Baton's usual four characters a token. */
  void hashText(String text) {
    int blockChars = 4 * blockTokens;
    int count = Math.min(text.length() / blockChars, MAX_BLOCKS);
    hashes = new long[count];
    blocks = BlockHasher.hash(model, text, blockChars, count, hashes);
    hashedChars = text.length();
  }

  /** The prompt's token ids as the engines see them: blocks become exact token blocks. */
  public void tokenIds(int[] ids) {
    if (ids == null || !sink.hashes()) {
      return;
    }
    int count = Math.min(ids.length / blockTokens, MAX_BLOCKS);
    hashes = new long[count];
    long parent = BlockHasher.seed(model);
    for (int b = 0; b < count; b++) {
      parent = BlockHasher.chainTokens(parent, ids, b * blockTokens, blockTokens);
      hashes[b] = parent;
    }
    blocks = count;
    hashedChars = 0;
  }

  /**
   * The request ended: queues its line.
   *
   * @param prompt prompt tokens as the access log counts them, or null (the estimate stays)
   * @param completion generated tokens, or null when no answer came (the request's
   *     {@code max_tokens} is written: what a replay should ask for)
   */
  public void finish(Integer prompt, Integer completion) {
    List<Long> ids = new ArrayList<>(blocks);
    for (int i = 0; i < blocks; i++) {
      ids.add(hashes[i]);
    }
    sink.offer(new TraceRecord(arrivalMs, model, tenant,
        prompt != null ? prompt : promptTokens, blocks == 0 ? 0 : tokensPerBlock(prompt), ids,
        completion != null ? completion : maxTokens, stream, priority,
        slo.hasTtft() ? slo.ttftMs() : null, slo.hasTpot() ? slo.tpotMs() : null, session,
        this.prompt));
  }

  /**
   * Tokens a block stands for. A character block is {@code 4 * blockTokens} characters, which
   * holds more or fewer tokens than {@code blockTokens} as the text runs; with the worker's count
   * the line says how many this prompt's blocks really held, so a replay puts its shared and its
   * own tokens where they were. Requests sharing a prefix share their text's density, and so
   * nearly always this figure.
   */
  private int tokensPerBlock(Integer counted) {
    if (hashedChars == 0 || counted == null || counted <= 0) {
      return blockTokens;
    }
    return Math.max(1, (int) Math.round(4.0 * blockTokens * counted / hashedChars));
  }
}
