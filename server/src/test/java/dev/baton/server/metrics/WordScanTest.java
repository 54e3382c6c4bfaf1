package dev.baton.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The eight-bytes-at-a-time searches give the index a byte-by-byte loop gives, wherever the byte
 * falls in a word, wherever the range starts and ends in the array, and whatever follows it.
 */
class WordScanTest {

  private static int stringRunEndByteByByte(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      int c = bytes[i] & 0xFF;
      if (c == '"' || c == '\\' || c < 0x20 || c > 0x7F) {
        return i;
      }
    }
    return to;
  }

  private static int lineFeedByteByByte(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return to;
  }

  @Test
  void everyByteValueAtEveryOffsetOfTwoWordsIsFoundWhereALoopFindsIt() {
    for (int value = 0; value < 256; value++) {
      for (int from = 0; from < 8; from++) {
        for (int at = 0; at < 16; at++) {
          for (int after = 0; after < 10; after++) { // the range ends 0..9 bytes after the byte
            byte[] bytes = new byte[from + at + 1 + after + 3];
            Arrays.fill(bytes, (byte) 'a');
            bytes[from + at] = (byte) value;
            bytes[bytes.length - 1] = '"'; // past the range's end: must never be found
            int to = from + at + 1 + after;
            assertThat(WordScan.stringRunEnd(bytes, from, to)).as("0x%02x at %d from %d to %d", value, at, from, to)
                .isEqualTo(stringRunEndByteByByte(bytes, from, to));
            assertThat(WordScan.lineFeed(bytes, from, to)).as("0x%02x at %d from %d to %d", value, at, from, to)
                .isEqualTo(lineFeedByteByByte(bytes, from, to));
          }
        }
      }
    }
    // At the array's very end, and with nothing to find.
    byte[] plain = "abcdefghijklmnopq".getBytes(StandardCharsets.US_ASCII);
    for (int from = 0; from <= plain.length; from++) {
      assertThat(WordScan.stringRunEnd(plain, from, plain.length)).isEqualTo(plain.length);
      assertThat(WordScan.lineFeed(plain, from, plain.length)).isEqualTo(plain.length);
      byte[] last = plain.clone();
      last[last.length - 1] = '\n';
      assertThat(WordScan.stringRunEnd(last, from, last.length)).isEqualTo(from == last.length ? from : last.length - 1);
      assertThat(WordScan.lineFeed(last, from, last.length)).isEqualTo(from == last.length ? from : last.length - 1);
    }
  }

  @Test
  void randomBytesFullOfStopsAreSearchedAsALoopSearchesThem() {
    // Several stop bytes in one word: a borrow from the first must not hide it or invent an earlier one.
    byte[] pool = {'"', '\\', '\n', '\r', 0, 0x1F, 0x20, 0x21, 0x7F, (byte) 0x80, (byte) 0xFF, 'a', 'a', 'a'};
    Random random = new Random(18);
    for (int trial = 0; trial < 200_000; trial++) {
      byte[] bytes = new byte[random.nextInt(40)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = pool[random.nextInt(pool.length)];
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
      int to = from + random.nextInt(bytes.length - from + 1);
      assertThat(WordScan.stringRunEnd(bytes, from, to)).isEqualTo(stringRunEndByteByByte(bytes, from, to));
      assertThat(WordScan.lineFeed(bytes, from, to)).isEqualTo(lineFeedByteByByte(bytes, from, to));
    }
  }

  @Test
  void lineEndsAtEveryOffsetCutEventsWhereverTheChunksStartInTheirArray() {
    StringBuilder stream = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String event = "data: " + "x".repeat(i % 17) + (i % 2 == 0 ? "\n" : "\r\n") + ":" + "y".repeat(i % 9)
          + (i % 3 == 0 ? "\r\n\r\n" : "\n\n");
      expected.add(event);
      stream.append(event);
    }
    for (int pad = 0; pad < 9; pad++) {
      for (int size : new int[] {1, 3, 7, 8, 9, 15, 17, 64, stream.length()}) {
        // Each chunk a slice of a larger buffer: its bytes start at an odd place of the array.
        Buffer all = Buffer.buffer("#".repeat(pad) + stream + "\n\n#");
        SseEventSplitter splitter = new SseEventSplitter(1 << 20);
        List<String> events = new ArrayList<>();
        for (int i = pad; i < pad + stream.length(); i += size) {
          splitter.feed(all.slice(i, Math.min(pad + stream.length(), i + size)), (kind, bytes) -> {
            assertThat(kind).isEqualTo(SseEventSplitter.Piece.EVENT);
            events.add(bytes.toString());
          });
        }
        assertThat(events).as("pad %d, chunks of %d", pad, size).isEqualTo(expected);
        assertThat(splitter.rest()).isNull();
      }
    }
  }
}
