package dev.baton.server.config;

/**
 * A pool's {@code tokenizer}: where the token ids of an incoming prompt come from, for the {@code
 * precise-prefix-cache} matcher (which keys blocks by token ids, as the engines' events do).
 *
 * @param source {@code engine} (default): POST the prompt to a worker's vLLM {@code /tokenize}
 *     (cached by prompt); {@code huggingface}: tokenize in Baton with the model's {@code
 *     tokenizer.json} and the chat template beside it (cached by prompt)
 * @param path for {@code huggingface}: the {@code tokenizer.json}, or the directory holding it
 */
public record TokenizerConfig(Source source, String path) {
  public static final TokenizerConfig ENGINE = new TokenizerConfig(Source.ENGINE, null);

  /** Where token ids come from. */
  public enum Source {
    ENGINE,
    HUGGINGFACE
  }

  public TokenizerConfig {
    source = source == null ? Source.ENGINE : source;
  }
}
