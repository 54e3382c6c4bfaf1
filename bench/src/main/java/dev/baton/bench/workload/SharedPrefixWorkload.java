package dev.baton.bench.workload;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Groups of users that share one long system context per group, each request a short fresh
 * question from a random user of a random group (the shape of llm-d's shared-prefix KV-cache
 * benchmark, scaled down). A router that keeps each group on one worker turns most of the prompt
 * into prefix-cache hits; one that spreads requests recomputes the context everywhere.
 */
final class SharedPrefixWorkload implements Workload {

  private final WorkloadSpec spec;
  private final String[] contexts;
  private final SplittableRandom random;
  private long sequence;

  SharedPrefixWorkload(WorkloadSpec spec, long seed) {
    this.spec = spec;
    SplittableRandom root = new SplittableRandom(seed);
    this.contexts = new String[spec.groups()];
    for (int group = 0; group < spec.groups(); group++) {
      // The group number leads so that contexts differ from their first token, not by chance.
      StringBuilder context = new StringBuilder("Group " + group + " shared context:");
      Words.append(context, root.split(), spec.systemTokens());
      contexts[group] = context.toString();
    }
    this.random = root.split();
  }

  @Override
  public synchronized Prompt next() {
    int group = random.nextInt(spec.groups());
    int user = random.nextInt(spec.usersPerGroup());
    StringBuilder question = new StringBuilder("User " + user + " question " + sequence++ + ":");
    Words.append(question, random, spec.questionTokens());
    return new Prompt(
        "group-" + group + "/user-" + user,
        List.of(ChatMessage.system(contexts[group]), ChatMessage.user(question.toString())),
        spec.outputTokens());
  }
}
