package dev.baton.bench.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SseLineSplitterTest {

  private final List<String> lines = new ArrayList<>();
  private final SseLineSplitter splitter =
      new SseLineSplitter((buffer, start, end) -> lines.add(buffer.getString(start, end)), 64);

  @Test
  void splitsLinesWithinAndAcrossChunksWhateverTheCuts() {
    String stream = "data: {\"a\":1}\n\ndata: {\"b\":2}\r\n\r\n: comment\ndata: [DONE]\n\n";
    List<String> expected = List.of("data: {\"a\":1}", "", "data: {\"b\":2}", "", ": comment",
        "data: [DONE]", "");
    Random random = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      lines.clear();
      int at = 0;
      while (at < stream.length()) {
        int next = Math.min(stream.length(), at + 1 + random.nextInt(12));
        splitter.feed(Buffer.buffer(stream.substring(at, next)));
        at = next;
      }
      assertThat(lines).isEqualTo(expected);
      assertThat(splitter.hasPartialLine()).isFalse();
    }
  }

  @Test
  void remembersAnUnfinishedLine() {
    splitter.feed(Buffer.buffer("data: {\"x\""));
    assertThat(lines).isEmpty();
    assertThat(splitter.hasPartialLine()).isTrue();
    splitter.feed(Buffer.buffer(":1}\n"));
    assertThat(lines).containsExactly("data: {\"x\":1}");
  }

  @Test
  void refusesAnEndlessLine() {
    assertThatThrownBy(() -> splitter.feed(Buffer.buffer("x".repeat(100))))
        .isInstanceOf(IllegalStateException.class);
  }
}
