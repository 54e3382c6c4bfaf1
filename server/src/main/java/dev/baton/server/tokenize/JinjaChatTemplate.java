package dev.baton.server.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.FatalTemplateErrorsException;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's chat template, rendered the way HuggingFace's {@code apply_chat_template} does (Jinja
 * with {@code trim_blocks} and {@code lstrip_blocks}, the special tokens of {@code
 * tokenizer_config.json} as variables, {@code raise_exception}), so that Baton tokenizes a chat
 * request into the ids vLLM computes for it. Rendering is CPU work: callers keep it off event
 * loops.
 */
final class JinjaChatTemplate {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Jinjava JINJA = jinjava();

  private final String template;
  private final Map<String, String> specialTokens;

  private JinjaChatTemplate(String template, Map<String, String> specialTokens) {
    this.template = template;
    this.specialTokens = specialTokens;
  }

  /**
   * The template beside a {@code tokenizer.json}: {@code chat_template.jinja} when present (newer
   * transformers save it there), else {@code tokenizer_config.json}'s {@code chat_template} (a
   * string, or a list of named templates of which {@code default} is taken). Null when the model
   * has none.
   */
  static JinjaChatTemplate besides(Path tokenizerJson) throws IOException {
    Path dir = tokenizerJson.toAbsolutePath().getParent();
    Path configFile = dir.resolve("tokenizer_config.json");
    JsonNode config = Files.isRegularFile(configFile)
        ? JSON.readTree(configFile.toFile()) : JSON.createObjectNode();
    Map<String, String> tokens = new HashMap<>();
    for (String name : List.of("bos_token", "eos_token", "unk_token", "pad_token")) {
      JsonNode token = config.get(name);
      // A special token is written as its text or as an AddedToken object with "content".
      String text = token == null ? null : token.isTextual() ? token.asText()
          : token.path("content").isTextual() ? token.get("content").asText() : null;
      if (text != null) {
        tokens.put(name, text);
      }
    }
    Path jinjaFile = dir.resolve("chat_template.jinja");
    if (Files.isRegularFile(jinjaFile)) {
      return new JinjaChatTemplate(Files.readString(jinjaFile), Map.copyOf(tokens));
    }
    JsonNode template = config.get("chat_template");
    if (template != null && template.isArray()) {
      for (JsonNode named : template) {
        if ("default".equals(named.path("name").asText())) {
          template = named.get("template");
          break;
        }
      }
    }
    return template != null && template.isTextual()
        ? new JinjaChatTemplate(template.asText(), Map.copyOf(tokens)) : null;
  }

  /**
   * The prompt text of a conversation, the assistant's turn opened when {@code
   * addGenerationPrompt}. Content given as parts keeps its text parts, joined by newlines (as vLLM
   * does for templates that expect a string).
   *
   * @throws IllegalArgumentException when the template fails, e.g. by {@code raise_exception}
   */
  String render(JsonNode messages, boolean addGenerationPrompt) {
    Map<String, Object> vars = new HashMap<>(specialTokens);
    vars.put("messages", messages(messages));
    vars.put("add_generation_prompt", addGenerationPrompt);
    RenderResult result;
    try {
      result = JINJA.renderForResult(template, vars);
    } catch (FatalTemplateErrorsException e) {
      throw new IllegalArgumentException("chat template failed: " + e.getMessage(), e);
    }
    for (TemplateError error : result.getErrors()) {
      if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
        throw new IllegalArgumentException("chat template failed: " + reason(error));
      }
    }
    return result.getOutput();
  }

  /** The template's own words when it raised an exception, else Jinjava's. */
  private static String reason(TemplateError error) {
    Throwable cause = error.getException();
    while (cause != null && !(cause instanceof RaisedByTemplate)) {
      cause = cause.getCause();
    }
    return cause != null ? cause.getMessage() : error.getMessage();
  }

  private static List<Map<String, Object>> messages(JsonNode messages) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (JsonNode message : messages) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = JSON.convertValue(message, Map.class);
      JsonNode content = message.get("content");
      if (content != null && content.isArray()) {
        List<String> texts = new ArrayList<>();
        content.forEach(part -> {
          if (part.path("text").isTextual()) {
            texts.add(part.get("text").asText());
          }
        });
        m.put("content", String.join("\n", texts));
      }
      out.add(m);
    }
    return out;
  }

  private static Jinjava jinjava() {
    Jinjava jinjava = new Jinjava(JinjavaConfig.newBuilder()
        .withTrimBlocks(true).withLstripBlocks(true).build());
    jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception",
        JinjaChatTemplate.class, "raiseException", String.class));
    return jinjava;
  }

  /** What a template's {@code raise_exception(message)} calls: the render fails with it. */
  public static String raiseException(String message) {
    throw new RaisedByTemplate(message);
  }

  private static final class RaisedByTemplate extends RuntimeException {
    RaisedByTemplate(String message) {
      super(message, null, false, false);
    }
  }
}
