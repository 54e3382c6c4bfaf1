package dev.baton.server.tokenize;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One model's {@code tokenizer.json} (HuggingFace tokenizers' Rust code through DJL) and its chat
 * template. It tokenizes as vLLM does: a completions prompt with the tokenizer's special tokens
 * added (BOS), a chat request rendered by the template, which writes its own special tokens, and
 * tokenized without adding more. Thread-safe; every call is CPU work, never for an event loop.
 */
final class LocalTokenizer implements AutoCloseable {
  static {
    // DJL picks a CUDA build of the native library on a machine with a GPU, and downloads it. The
    // CPU build is inside the jar; tokenizing needs nothing else, so Baton never downloads.
    if (System.getProperty("RUST_FLAVOR") == null && System.getenv("RUST_FLAVOR") == null) {
      System.setProperty("RUST_FLAVOR", "cpu");
    }
  }

  private final HuggingFaceTokenizer tokenizer;
  private final JinjaChatTemplate chatTemplate;
  // The native tokenizer is freed by the last user after close(): a reload may drop it while a
  // worker thread is still tokenizing with it.
  private final AtomicInteger users = new AtomicInteger();
  private final AtomicBoolean freed = new AtomicBoolean();
  private volatile boolean closed;

  private LocalTokenizer(HuggingFaceTokenizer tokenizer, JinjaChatTemplate chatTemplate) {
    this.tokenizer = tokenizer;
    this.chatTemplate = chatTemplate;
  }

  /** Loads {@code tokenizer.json} (or the one in the directory {@code path}) and its template. */
  static LocalTokenizer load(Path path) throws IOException {
    Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
    // No truncation or padding: the ids must be the whole prompt, as the engine hashes it.
    HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(file,
        Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true"));
    try {
      return new LocalTokenizer(tokenizer, JinjaChatTemplate.besides(file));
    } catch (IOException | RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  /**
   * The token ids of a tokenize request as {@link PromptTokens} builds it for vLLM's {@code
   * /tokenize}: {@code {prompt}} or {@code {messages, add_generation_prompt}}.
   *
   * @throws IllegalArgumentException when a chat request meets a model without a chat template, or
   *     the template refuses the conversation
   */
  int[] tokenize(ObjectNode ask) {
    users.incrementAndGet();
    try {
      if (closed) {
        throw new IllegalStateException("tokenizer closed");
      }
      return tokenizeOpen(ask);
    } finally {
      if (users.decrementAndGet() == 0 && closed) {
        free();
      }
    }
  }

  private int[] tokenizeOpen(ObjectNode ask) {
    if (ask.has("messages")) {
      if (chatTemplate == null) {
        throw new IllegalArgumentException("the tokenizer has no chat template");
      }
      String text = chatTemplate.render(ask.get("messages"),
          ask.path("add_generation_prompt").asBoolean(false));
      return ids(text, false);
    }
    JsonNode prompt = ask.get("prompt");
    return ids(prompt.asText(), true);
  }

  private int[] ids(String text, boolean addSpecialTokens) {
    long[] ids = tokenizer.encode(text, addSpecialTokens, false).getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = (int) ids[i];
    }
    return out;
  }

  @Override
  public void close() {
    closed = true;
    if (users.get() == 0) {
      free();
    }
  }

  private void free() {
    if (freed.compareAndSet(false, true)) {
      tokenizer.close();
    }
  }
}
