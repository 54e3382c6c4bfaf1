package dev.baton.sim.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.sim.engine.Generation;
import dev.baton.sim.tokenizer.SimTokenizer;
import java.nio.charset.StandardCharsets;

/** The JSON pieces of vLLM's OpenAI-compatible answers: envelopes, usage and log-probabilities. */
final class Shapes {

  static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Shapes() {}

  static ObjectNode envelope(String id, String object, long created, String model) {
    ObjectNode o = JSON.objectNode();
    o.put("id", id);
    o.put("object", object);
    o.put("created", created);
    o.put("model", model);
    return o;
  }

  /** Compact JSON, as vLLM writes it. */
  static String write(ObjectNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static void putLogprobs(ObjectNode choice, ObjectNode logprobs) {
    if (logprobs == null) {
      choice.putNull("logprobs");
    } else {
      choice.set("logprobs", logprobs);
    }
  }

  static ObjectNode chatLogprobs(ArrayNode content) {
    ObjectNode node = JSON.objectNode();
    node.set("content", content);
    return node;
  }

  /** Usage of a whole answer: each prompt counts once, however many choices ({@code n}) it has. */
  static ObjectNode usage(java.util.List<Choice> choices, int n) {
    long prompt = 0;
    long completion = 0;
    long cached = 0;
    for (Choice c : choices) {
      if (c.index % n == 0) {
        prompt += c.sequence.promptLength();
        cached += c.sequence.cachedTokens();
      }
      completion += c.sequence.outputCount();
    }
    return usage(prompt, completion, cached);
  }

  static ObjectNode usage(long prompt, long completion, long cached) {
    ObjectNode u = JSON.objectNode();
    u.put("prompt_tokens", prompt);
    u.put("total_tokens", prompt + completion);
    u.put("completion_tokens", completion);
    u.putObject("prompt_tokens_details").put("cached_tokens", cached);
    return u;
  }

  /** Text of an output token as the client sees it: special tokens are skipped, as vLLM does by default. */
  static String text(int token) {
    return token >= SimTokenizer.FIRST_SPECIAL ? "" : SimTokenizer.decode(token);
  }

  /** Completions-style log-probabilities of some tokens: {@code tokens, token_logprobs, top_logprobs, text_offset}. */
  static final class CompletionLogprobs {
    final ObjectNode node = JSON.objectNode();
    private final ArrayNode offsets = node.putArray("text_offset");
    private final ArrayNode tokenLogprobs = node.putArray("token_logprobs");
    private final ArrayNode tokens = node.putArray("tokens");
    private final ArrayNode tops = node.putArray("top_logprobs");
    private final int top;

    CompletionLogprobs(int top) {
      this.top = top;
    }

    /** Adds one token; the first prompt token has no log-probability ({@code null}), as in vLLM. */
    void add(int token, int position, int textOffset, boolean unconditioned) {
      String text = SimTokenizer.decode(token);
      offsets.add(textOffset);
      tokens.add(text);
      if (unconditioned) {
        tokenLogprobs.addNull();
        tops.addNull();
        return;
      }
      double lp = Generation.logprob(token, position);
      tokenLogprobs.add(lp);
      ObjectNode alternatives = tops.addObject();
      alternatives.put(text, lp);
      for (int rank = 2; rank <= top; rank++) {
        int alt = Generation.alternative(token, position, rank);
        alternatives.put(SimTokenizer.decode(alt), lp - rank);
      }
    }
  }

  /** One entry of chat {@code logprobs.content}. */
  static ObjectNode chatLogprob(int token, int position, int top) {
    String text = text(token);
    double lp = Generation.logprob(token, position);
    ObjectNode entry = tokenEntry(text, lp);
    ArrayNode tops = entry.putArray("top_logprobs");
    if (top > 0) {
      tops.add(tokenEntry(text, lp));
      for (int rank = 2; rank <= top; rank++) {
        tops.add(tokenEntry(SimTokenizer.decode(Generation.alternative(token, position, rank)), lp - rank));
      }
    }
    return entry;
  }

  private static ObjectNode tokenEntry(String text, double lp) {
    ObjectNode e = JSON.objectNode();
    e.put("token", text);
    e.put("logprob", lp);
    ArrayNode bytes = e.putArray("bytes");
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      bytes.add(b & 0xff);
    }
    return e;
  }

  /**
   * vLLM's {@code prompt_logprobs}: {@code null} for the first token, then per token a map from token id
   * (as a string) to {@code {logprob, rank, decoded_token}} holding the actual token and the top ones.
   */
  static ArrayNode promptLogprobs(int[] prompt, int top) {
    ArrayNode list = JSON.arrayNode();
    list.addNull();
    for (int i = 1; i < prompt.length; i++) {
      ObjectNode byId = list.addObject();
      double lp = Generation.logprob(prompt[i], i);
      putRanked(byId, prompt[i], lp, 1);
      for (int rank = 2; rank <= top; rank++) {
        int alt = Generation.alternative(prompt[i], i, rank);
        if (!byId.has(Integer.toString(alt))) {
          putRanked(byId, alt, lp - rank, rank);
        }
      }
    }
    return list;
  }

  private static void putRanked(ObjectNode byId, int token, double lp, int rank) {
    ObjectNode e = byId.putObject(Integer.toString(token));
    e.put("logprob", lp);
    e.put("rank", rank);
    e.put("decoded_token", SimTokenizer.decode(token));
  }
}
