package dev.baton.bench.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class ChunkScannerTest {

  private final ChunkScanner chat = new ChunkScanner("content");
  private final ChunkScanner completions = new ChunkScanner("text");

  private static int classify(ChunkScanner scanner, String line) {
    Buffer buffer = Buffer.buffer(line);
    int payload = ChunkScanner.dataStart(buffer, 0, buffer.length());
    return payload < 0 ? -1 : scanner.classify(buffer, payload, buffer.length());
  }

  @Test
  void recognizesDoneAndErrorEvents() {
    assertThat(classify(chat, "data: [DONE]")).isEqualTo(ChunkScanner.DONE);
    assertThat(classify(chat, "data:[DONE]")).isEqualTo(ChunkScanner.DONE);
    assertThat(classify(chat, "data: {\"error\": {\"message\": \"x\", \"code\": 500}}"))
        .isEqualTo(ChunkScanner.ERROR);
    assertThat(classify(chat, "data: { \"error\":{}}")).isEqualTo(ChunkScanner.ERROR);
    assertThat(classify(chat, "data: {\"object\": \"error\", \"message\": \"x\", \"code\": 400}"))
        .isEqualTo(ChunkScanner.ERROR);
    assertThat(classify(chat, "data: {\"object\":\"chat.completion.chunk\",\"choices\":[]}"))
        .isZero();
  }

  @Test
  void ignoresLinesThatAreNotData() {
    assertThat(classify(chat, ": keep-alive")).isEqualTo(-1);
    assertThat(classify(chat, "event: message")).isEqualTo(-1);
    assertThat(classify(chat, "")).isEqualTo(-1);
  }

  @Test
  void contentNeedsANonEmptyString() {
    assertThat(classify(chat,
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}"))
        .isZero();
    assertThat(classify(chat, "data: {\"choices\":[{\"delta\":{\"content\":null}}]}")).isZero();
    assertThat(classify(chat, "data: {\"choices\":[{\"delta\":{\"content\": \"Hi\"}}]}"))
        .isEqualTo(ChunkScanner.CONTENT);
    // Reasoning text is not the answer's first token.
    assertThat(classify(chat, "data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"hm\"}}]}"))
        .isZero();
    assertThat(classify(completions, "data: {\"choices\":[{\"text\":\" the\",\"index\":0}]}"))
        .isEqualTo(ChunkScanner.CONTENT);
    assertThat(classify(completions, "data: {\"choices\":[{\"text\":\"\"}]}")).isZero();
  }

  @Test
  void usageMustBeAnObject() {
    assertThat(classify(chat, "data: {\"choices\":[],\"usage\":{\"completion_tokens\":5}}"))
        .isEqualTo(ChunkScanner.USAGE);
    assertThat(classify(chat,
        "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}],\"usage\":null}"))
        .isEqualTo(ChunkScanner.CONTENT);
    assertThat(classify(chat,
        "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}],\"usage\":{\"completion_tokens\":1}}"))
        .isEqualTo(ChunkScanner.CONTENT | ChunkScanner.USAGE);
  }

  @Test
  void aKeyQuotedInsideTheTextDoesNotCount() {
    assertThat(classify(chat, "data: {\"choices\":[{\"delta\":{\"content\":\"\"}}],"
        + "\"x\":\"say \\\"content\\\":\\\"y\\\"\"}")).isZero();
  }
}
