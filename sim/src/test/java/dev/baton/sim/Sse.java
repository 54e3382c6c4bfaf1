package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Splits a whole SSE body into its JSON chunks, checking the framing on the way. */
final class Sse {

  private Sse() {}

  /** The JSON chunks before {@code [DONE]}, which must be the last event. */
  static List<JsonNode> chunks(String body) {
    assertThat(body).endsWith("data: [DONE]\n\n");
    List<JsonNode> chunks = new ArrayList<>();
    for (String event : body.split("\n\n")) {
      assertThat(event).startsWith("data: ");
      String data = event.substring("data: ".length());
      if (data.equals("[DONE]")) {
        break;
      }
      try {
        chunks.add(Http.JSON.readTree(data));
      } catch (Exception e) {
        throw new AssertionError("bad chunk: " + data, e);
      }
    }
    return chunks;
  }
}
