package dev.baton.transfer.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Puts the prompt's share of an answer back: a decode that received its KV cache never ran the
 * prompt through the model, so prompt logprobs (and echoed prompt-token logprobs) exist only in the
 * prefill's answer. Merging them makes a split request look like one served by a single vLLM.
 */
public final class PromptPartsMerge {

  private static final String[] PER_CHOICE = {"prompt_logprobs", "prompt_token_ids"};
  private static final String[] LOGPROB_ARRAYS = {"tokens", "token_logprobs", "top_logprobs",
      "text_offset"};

  private PromptPartsMerge() {}

  /** Returns a copy of {@code decode} with the prompt parts it lacks taken from {@code prefill}. */
  public static ObjectNode merge(ObjectNode prefill, ObjectNode decode, boolean echo) {
    ObjectNode merged = decode.deepCopy();
    for (String field : PER_CHOICE) {
      copyIfMissing(prefill, merged, field);
    }
    JsonNode prefillChoices = prefill.path("choices");
    JsonNode choices = merged.path("choices");
    if (!prefillChoices.isArray() || !choices.isArray()) {
      return merged;
    }
    int promptTokens = prefill.path("usage").path("prompt_tokens").asInt(-1);
    for (JsonNode choice : choices) {
      JsonNode source = byIndex(prefillChoices, choice.path("index").asInt(0));
      if (source == null || !(choice instanceof ObjectNode target)) {
        continue;
      }
      for (String field : PER_CHOICE) {
        copyIfMissing(source, target, field);
      }
      if (echo && promptTokens > 0) {
        prependPromptLogprobs(source.path("logprobs"), target.path("logprobs"), promptTokens);
      }
    }
    return merged;
  }

  /**
   * Completions with {@code echo} and {@code logprobs}: the first {@code promptTokens} entries of the
   * prefill's logprobs describe the prompt. The decode's arrays start at the first generated token
   * when it could not score the prompt; those get the prompt entries in front.
   */
  private static void prependPromptLogprobs(JsonNode from, JsonNode to, int promptTokens) {
    if (!(from instanceof ObjectNode source) || !(to instanceof ObjectNode target)) {
      return;
    }
    JsonNode sourceTokens = source.path("tokens");
    JsonNode targetTokens = target.path("tokens");
    if (!sourceTokens.isArray() || !targetTokens.isArray() || sourceTokens.size() < promptTokens) {
      return;
    }
    int decodeGenerated = targetTokens.size();
    if (decodeGenerated >= promptTokens + 1 && sameStart(sourceTokens, targetTokens, promptTokens)) {
      return; // the decode already scored the prompt
    }
    for (String array : LOGPROB_ARRAYS) {
      JsonNode prompt = source.path(array);
      JsonNode generated = target.path(array);
      if (!prompt.isArray() || !generated.isArray()) {
        continue;
      }
      ArrayNode joined = target.arrayNode();
      for (int i = 0; i < promptTokens && i < prompt.size(); i++) {
        joined.add(prompt.get(i).deepCopy());
      }
      joined.addAll((ArrayNode) generated);
      target.set(array, joined);
    }
  }

  private static boolean sameStart(JsonNode a, JsonNode b, int n) {
    for (int i = 0; i < n; i++) {
      if (!a.get(i).equals(b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static void copyIfMissing(JsonNode from, ObjectNode to, String field) {
    JsonNode value = from.get(field);
    JsonNode existing = to.get(field);
    if (value != null && !value.isNull() && (existing == null || existing.isNull())) {
      to.set(field, value.deepCopy());
    }
  }

  private static JsonNode byIndex(JsonNode choices, int index) {
    for (JsonNode choice : choices) {
      if (choice.path("index").asInt(0) == index) {
        return choice;
      }
    }
    return null;
  }
}
