package dev.baton.bench.workload;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Independent prompts of {@code systemTokens + questionTokens} words that share nothing: each
 * starts with its own sequence number, so not even a first cache block is common. With long prompts
 * and short answers it is the long-prefill workload.
 */
final class RandomWorkload implements Workload {

  private final WorkloadSpec spec;
  private final SplittableRandom random;
  private long sequence;

  RandomWorkload(WorkloadSpec spec, long seed) {
    this.spec = spec;
    this.random = new SplittableRandom(seed);
  }

  @Override
  public synchronized Prompt next() {
    long id = sequence++;
    StringBuilder text = new StringBuilder("Request " + id + ":");
    Words.append(text, random, spec.systemTokens() + spec.questionTokens());
    return new Prompt("request-" + id, List.of(ChatMessage.user(text.toString())), spec.outputTokens());
  }
}
