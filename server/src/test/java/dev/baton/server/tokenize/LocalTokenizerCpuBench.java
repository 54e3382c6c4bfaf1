package dev.baton.server.tokenize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The CPU time one prompt costs the {@code huggingface} source, measured as thread CPU time so a
 * busy machine inflates it less than wall time: a chat request (template and tokenizer) and a
 * completions prompt of about 4,000 characters, each distinct. Not a unit test; run it with
 * {@code java -cp ... dev.baton.server.tokenize.LocalTokenizerCpuBench [tokenizer.json] [prompts]}.
 */
public final class LocalTokenizerCpuBench {
  private LocalTokenizerCpuBench() {}

  public static void main(String[] args) throws Exception {
    Path path = Path.of(args.length > 0 ? args[0]
        : "server/src/test/resources/tokenizers/sim-llama/tokenizer.json");
    int prompts = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    try (LocalTokenizer tokenizer = LocalTokenizer.load(path)) {
      for (String kind : List.of("chat", "completions", "chat", "completions")) {
        Random random = new Random(kind.hashCode());
        long tokens = 0;
        long started = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < prompts; i++) {
          String user = text(random, 600);
          ObjectNode ask = kind.equals("chat")
              ? LocalTokenizerTest.chat(List.of("system", text(new Random(1), 100), "user", user))
              : LocalTokenizerTest.JSON_NODES.objectNode().put("prompt", user);
          tokens += tokenizer.tokenize(ask).length;
        }
        double micros = (cpu.getCurrentThreadCpuTime() - started) / 1e3 / prompts;
        System.out.printf(Locale.ROOT, "%-12s %8.1f us CPU per prompt (%d tokens on average)%n",
            kind, micros, tokens / prompts);
      }
    }
  }

  private static final String[] WORDS = ("the of to and in is it you that he was for on are with"
      + " as his they be at one have this from or had by word but what some we can out other were")
      .split(" ");

  private static String text(Random random, int words) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      sb.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return sb.toString();
  }
}
