package dev.baton.server.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rotating file through {@link LineAppender}: batches, size rotation, restarts and failures. */
class LineAppenderTest {

  @TempDir Path dir;

  private static LineAppender<String> file(Path path, long maxBytes, int maxFiles) {
    return LineAppender.toFile(path, maxBytes, maxFiles, Function.identity());
  }

  @Test
  void rotatesBySizeAndKeepsAtMostMaxFiles() throws Exception {
    Path path = dir.resolve("sub/trace.jsonl");
    // One batch (no flush until close): rotations fall inside the buffer and still cut at lines.
    try (LineAppender<String> file = file(path, 1000, 3)) {
      for (int i = 0; i < 100; i++) {
        file.write(String.format("%03d", i) + "x".repeat(96));
      }
      file.flush();
    }
    // 100-byte lines, 10 a file: the last 30 lines survive in three files, newest in the current.
    assertThat(Files.list(path.getParent()).map(p -> p.getFileName().toString()).sorted())
        .containsExactly("trace.jsonl", "trace.jsonl.1", "trace.jsonl.2");
    for (Path kept : List.of(path, dir.resolve("sub/trace.jsonl.1"), dir.resolve("sub/trace.jsonl.2"))) {
      assertThat(Files.readAllLines(kept)).hasSize(10).allMatch(line -> line.length() == 99);
    }
    assertThat(Files.readAllLines(path).get(9)).startsWith("099");
    assertThat(Files.readAllLines(dir.resolve("sub/trace.jsonl.1")).get(0)).startsWith("080");
    assertThat(Files.readAllLines(dir.resolve("sub/trace.jsonl.2")).get(0)).startsWith("070");
  }

  @Test
  void linesReachTheFileAtFlushNotOneByOne() throws Exception {
    Path path = dir.resolve("trace.jsonl");
    try (LineAppender<String> file = file(path, 1 << 20, 2)) {
      file.write("first");
      file.write("second");
      assertThat(Files.size(path)).isZero();
      file.flush();
      assertThat(Files.readAllLines(path)).containsExactly("first", "second");
    }
  }

  @Test
  void aFullBatchIsWrittenWithoutWaitingForAFlush() throws Exception {
    Path path = dir.resolve("trace.jsonl");
    String line = "y".repeat(1023);
    try (LineAppender<String> file = file(path, 1L << 30, 2)) {
      for (int i = 0; i < LineAppender.BATCH_BYTES / 1024; i++) {
        file.write(line);
      }
      assertThat(Files.size(path)).isEqualTo(LineAppender.BATCH_BYTES);
    }
  }

  @Test
  void appendsToAnExistingFileAcrossRestartsAndRotatesByItsWholeSize() throws Exception {
    Path path = dir.resolve("trace.jsonl");
    try (LineAppender<String> file = file(path, 4096, 2)) {
      file.write("first");
      file.flush();
    }
    try (LineAppender<String> file = file(path, 4096, 2)) {
      file.write("second");
      file.flush();
    }
    assertThat(Files.readAllLines(path)).containsExactly("first", "second");
    // The file already holds 13 bytes: a line that would take it past 4096 starts a new one.
    try (LineAppender<String> file = file(path, 4096, 2)) {
      file.write("z".repeat(4083));
      file.flush();
    }
    assertThat(Files.readAllLines(dir.resolve("trace.jsonl.1"))).containsExactly("first", "second");
    assertThat(Files.size(path)).isEqualTo(4084);
  }

  @Test
  void linesAFileCannotTakeAreCountedLostAndTheNextLineTriesAgain() throws Exception {
    Path blocker = dir.resolve("not-a-folder");
    Files.writeString(blocker, "a file where the trace's folder should be");
    Path path = blocker.resolve("trace.jsonl");
    try (LineAppender<String> file = file(path, 4096, 2)) {
      file.write("one");
      file.write("two");
      file.flush();
      assertThat(file.lost()).isEqualTo(2);

      Files.delete(blocker);
      file.write("three");
      file.flush();
      assertThat(file.lost()).isEqualTo(2);
      assertThat(Files.readAllLines(path)).containsExactly("three");
    }
  }
}
