package dev.baton.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class SseDataScannerTest {
  private static final String STREAM =
      "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n"
          + ": a comment\n\n"
          + "data: {\"choices\":[{\"delta\":{\"content\":\"data: {not an event}\"}}]}\n\n"
          + "data:{\"choices\":[{\"delta\":{\"content\":\"b\"}}]}\r\n\r\n"
          + "event: message\ndata: {\"choices\":[]}\n\n"
          + "data: [DONE]\n\n";

  @Test
  void countsJsonDataEventsOnly() {
    assertThat(new SseDataScanner().scan(Buffer.buffer(STREAM))).isEqualTo(4);
  }

  @Test
  void anySplitOfTheStreamGivesTheSameCount() {
    byte[] bytes = STREAM.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int size = 1; size <= 17; size++) {
      SseDataScanner scanner = new SseDataScanner();
      int total = 0;
      for (int i = 0; i < bytes.length; i += size) {
        total += scanner.scan(Buffer.buffer().appendBytes(bytes, i, Math.min(size, bytes.length - i)));
      }
      assertThat(total).as("chunks of %d bytes", size).isEqualTo(4);
    }
  }
}
