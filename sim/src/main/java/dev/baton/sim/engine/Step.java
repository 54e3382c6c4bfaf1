package dev.baton.sim.engine;

import dev.baton.sim.SimConfig;
import java.util.Arrays;

/** The work of one engine step: who computes how many tokens, and what that costs. */
final class Step {
  Sequence[] seqs = new Sequence[8];
  int[] numNew = new int[8];
  int size;
  long prefillTokens;
  int decodeSeqs;
  long contextTokens;
  long endAt;

  void add(Sequence seq, int n, boolean decode) {
    if (size == seqs.length) {
      seqs = Arrays.copyOf(seqs, size * 2);
      numNew = Arrays.copyOf(numNew, size * 2);
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

  /** Simulated duration of the step in ms: the fixed cost once, plus each part's variable cost. */
  double costMs(SimConfig config) {
    return config.stepOverheadMs()
        + prefillTokens * config.prefillUsPerToken() / 1000.0
        + decodeSeqs * config.decodeMsPerSeq()
        + contextTokens * config.contextUsPerToken() / 1000.0;
  }
}
