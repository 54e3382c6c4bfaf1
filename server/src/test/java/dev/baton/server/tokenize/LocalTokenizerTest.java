package dev.baton.server.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.sim.tokenizer.ChatTemplate;
import dev.baton.sim.tokenizer.SimTokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed test tokenizer ({@code tokenizers/sim-llama}: a WordLevel tokenizer.json whose
 * vocabulary gives the simulator's ids, and a Llama-3-style chat template) tokenizes as the
 * simulated engine does, through DJL's native library and Jinjava, with nothing downloaded.
 */
class LocalTokenizerTest {
  static final Path SIM_LLAMA = Path.of("src/test/resources/tokenizers/sim-llama");
  private static final ObjectMapper JSON = new ObjectMapper();
  static final com.fasterxml.jackson.databind.node.JsonNodeFactory JSON_NODES = JSON.getNodeFactory();
  private static LocalTokenizer tokenizer;

  @BeforeAll
  static void load() throws Exception {
    tokenizer = LocalTokenizer.load(SIM_LLAMA);
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void aCompletionsPromptGetsTheEnginesIdsWithItsBeginningOfText() {
    String prompt = "the water of people was long. now they come down";
    int[] ids = tokenizer.tokenize(JSON.createObjectNode().put("prompt", prompt));
    assertThat(ids).containsExactly(SimTokenizer.encode(prompt, true).ids());
    assertThat(ids[0]).isEqualTo(SimTokenizer.BEGIN_OF_TEXT);
  }

  @Test
  void aChatRequestIsRenderedByTheTemplateThenTokenizedWithoutMoreSpecialTokens() {
    ObjectNode ask = chat(List.of("system", "you are one word", "user", "what is the time"));
    String rendered = ChatTemplate.render(List.of(
        new ChatTemplate.Message("system", "you are one word"),
        new ChatTemplate.Message("user", "what is the time")));
    assertThat(tokenizer.tokenize(ask)).containsExactly(SimTokenizer.encode(rendered, false).ids());
  }

  @Test
  void contentPartsKeepTheirText() {
    ObjectNode ask = chat(List.of("user", "placeholder"));
    ArrayNode parts = JSON.createArrayNode();
    parts.addObject().put("type", "text").put("text", "what is the time");
    ((ObjectNode) ask.get("messages").get(0)).set("content", parts);
    assertThat(tokenizer.tokenize(ask))
        .containsExactly(tokenizer.tokenize(chat(List.of("user", "what is the time"))));
  }

  @Test
  void aConversationTheTemplateRefusesFailsWithTheTemplatesMessage() {
    assertThatThrownBy(() -> tokenizer.tokenize(chat(List.of("tool", "42"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("roles are system, user or assistant");
  }

  @Test
  void aLongPromptIsNotTruncated() {
    String prompt = "the day ".repeat(2_000);
    assertThat(tokenizer.tokenize(JSON.createObjectNode().put("prompt", prompt)))
        .hasSize(SimTokenizer.encode(prompt, true).size()).hasSizeGreaterThan(4_000);
  }

  static ObjectNode chat(List<String> roleAndContent) {
    ObjectNode ask = JSON.createObjectNode().put("model", "m");
    ArrayNode messages = ask.putArray("messages");
    for (int i = 0; i < roleAndContent.size(); i += 2) {
      messages.addObject().put("role", roleAndContent.get(i))
          .put("content", roleAndContent.get(i + 1));
    }
    ask.put("add_generation_prompt", true);
    return ask;
  }
}
