package dev.baton.sim.engine;

import dev.baton.sim.tokenizer.SimTokenizer;
import dev.baton.sim.tokenizer.Vocabulary;

/**
 * The simulated model's output: a pure function of the sequence seed and the token position, so the
 * same request yields the same text on every worker, after a preemption, and across a prefill/decode
 * handoff. Each seed has a natural answer length in {@code [n/2, 3n/2)} for a configured {@code n};
 * the end-of-turn token comes there unless {@code ignore_eos} or {@code min_tokens} say otherwise.
 */
public final class Generation {

  private Generation() {}

  /** Token at output position {@code index}. */
  public static int tokenAt(long seed, int index, int naturalOutputTokens, int minTokens, boolean ignoreEos) {
    if (!ignoreEos) {
      int natural = naturalOutputTokens / 2 + (int) Math.floorMod(mix(seed), (long) naturalOutputTokens);
      if (index == Math.max(natural - 1, minTokens)) {
        return SimTokenizer.EOT;
      }
    }
    return Vocabulary.idAt(mix(seed + 0x632be59bd9b4e019L * (index + 1)));
  }

  /** A deterministic log-probability for a token at a position, in (-4.1, -0.01]. */
  public static double logprob(int token, int position) {
    long h = mix(((long) token << 32) ^ position);
    return -0.01 - (Math.floorMod(h, 4096L) / 1000.0);
  }

  /** Alternative token number {@code rank} (2, 3...) at a position, less likely than the chosen one. */
  public static int alternative(int token, int position, int rank) {
    return Vocabulary.idAt(mix(token * 31L + position * 1_000_003L + rank));
  }

  /** SplitMix64 finalizer: a cheap, well-spread 64-bit mix. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
