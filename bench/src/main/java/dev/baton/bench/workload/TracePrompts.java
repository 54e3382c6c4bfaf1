package dev.baton.bench.workload;

import dev.baton.bench.trace.TraceRecord;
import java.util.SplittableRandom;

/**
 * Prompts made up for trace records, which carry block hashes instead of text. Block {@code i} of
 * a prompt is {@code blockTokens} one-token words drawn from a generator seeded by the block's hash
 * alone, so two requests that share a hash share exactly those tokens, in every replay; the rest of
 * the prompt up to its recorded length is words seeded by the request's own seed, shared with no
 * one. A prompt is never longer than recorded: hashes that reach past its length (a Mooncake
 * trace's partial last block, or a Baton trace hashed by characters) are cut at that length.
 */
public final class TracePrompts {

  private TracePrompts() {}

  /**
   * The prompt text for {@code record}: {@code record.promptTokens()} words (at least one), its
   * blocks of the record's own size.
   *
   * @param ownSeed seeds the part of the prompt no hash covers; give every request its own
   */
  public static String text(TraceRecord record, long ownSeed) {
    return text(record, ownSeed, record.blockTokens());
  }

  /** As above, every block {@code blockTokens} long ({@link TraceWorkload}'s size for a trace). */
  public static String text(TraceRecord record, long ownSeed, int blockTokens) {
    int total = Math.max(1, record.promptTokens());
    StringBuilder out = new StringBuilder(total * 5);
    int written = 0;
    for (long hash : record.hashIds()) {
      if (written >= total) {
        break;
      }
      int count = Math.min(blockTokens, total - written);
      Words.appendTokens(out, new SplittableRandom(hash), count);
      written += count;
    }
    Words.appendTokens(out, new SplittableRandom(ownSeed), total - written);
    return out.toString();
  }
}
