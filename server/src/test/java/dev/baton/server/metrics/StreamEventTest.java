package dev.baton.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** One SSE event read as SSE defines it: its data lines joined, whatever the line endings. */
class StreamEventTest {
  private static StreamEvent of(String event) {
    return StreamEvent.of(Buffer.buffer(event));
  }

  @Test
  void dataSplitOverLinesWithAnyEndingIsJoinedBeforeParsing() {
    String json = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}";
    String split = "data: " + json.substring(0, 20) + "\r\ndata:" + json.substring(20) + "\r\n\r\n";
    // Joined with a newline between the two lines, which JSON takes as whitespace.
    assertThat(of(split)).isEqualTo(new StreamEvent(StreamEvent.Kind.CHOICES, 1, Usage.UNKNOWN));
    assertThat(of("event: x\ndata: " + json + "\n\n").tokens()).isEqualTo(1);
    assertThat(of(": comment\ndata:" + json).tokens()).isEqualTo(1);
  }

  @Test
  void usageOnlyAndOtherEvents() {
    assertThat(of("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5}}\n\n"))
        .isEqualTo(new StreamEvent(StreamEvent.Kind.USAGE_ONLY, 0, new Usage(3, 5)));
    assertThat(of("data: [DONE]\n\n").kind()).isEqualTo(StreamEvent.Kind.OTHER);
    assertThat(of("data:\n\n").kind()).isEqualTo(StreamEvent.Kind.OTHER);
    assertThat(of(": keep-alive\n\n").kind()).isEqualTo(StreamEvent.Kind.OTHER);
  }

  @Test
  void everyKindOfGeneratedOutputIsAToken() {
    assertThat(of("data: {\"choices\":[{\"text\":\"a\"},{\"text\":\"\"},{\"text\":\"b\"}]}").tokens())
        .isEqualTo(2);
    assertThat(of("data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"r\"}}]}").tokens()).isOne();
    assertThat(of("data: {\"choices\":[{\"delta\":{\"reasoning\":\"r\"}}]}").tokens()).isOne();
    assertThat(of("data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
        + "{\"arguments\":\"{}\"}}]}}]}").tokens()).isOne();
    assertThat(of("data: {\"choices\":[{\"delta\":{\"tool_calls\":[]}}]}").tokens()).isZero();
  }

  @Test
  void valuesOfTheWrongTypeAreNoTokensAndBrokenJsonIsOther() {
    // Objects and arrays where strings belong are skipped whole, and what follows them still counts.
    assertThat(of("data: {\"choices\":[{\"text\":{\"a\":[1]},\"delta\":{\"content\":[\"x\"],"
        + "\"tool_calls\":{\"a\":1}}},\"x\",{\"delta\":[]},{\"delta\":{\"content\":\"y\"}}]}"))
        .isEqualTo(new StreamEvent(StreamEvent.Kind.CHOICES, 1, Usage.UNKNOWN));
    assertThat(of("data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}\n\n").kind())
        .isEqualTo(StreamEvent.Kind.OTHER);
    assertThat(of("data: {\"choices\":{}}\n\n").kind()).isEqualTo(StreamEvent.Kind.OTHER);
    // The last of a repeated field counts, as when the event is read as a tree.
    assertThat(of("data: {\"choices\":[{\"text\":\"a\"}],\"choices\":[]}").kind())
        .isEqualTo(StreamEvent.Kind.OTHER);
    assertThat(of("data: {\"usage\":{\"completion_tokens\":2},\"choices\":[{\"text\":\"a\"}]}"))
        .isEqualTo(new StreamEvent(StreamEvent.Kind.CHOICES, 1, new Usage(-1, 2)));
  }
}
