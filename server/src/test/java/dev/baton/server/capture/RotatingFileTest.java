package dev.baton.server.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileTest {

  @TempDir Path dir;

  @Test
  void rotatesBySizeAndKeepsAtMostMaxFiles() throws Exception {
    Path path = dir.resolve("sub/trace.jsonl");
    try (RotatingFile file = new RotatingFile(path, 1000, 3)) {
      for (int i = 0; i < 100; i++) {
        file.append(String.format("%03d", i) + "x".repeat(96));
      }
    }
    // 100-byte lines, 10 a file: the last 30 lines survive in three files, newest in the current.
    assertThat(Files.list(path.getParent()).map(p -> p.getFileName().toString()).sorted())
        .containsExactly("trace.jsonl", "trace.jsonl.1", "trace.jsonl.2");
    for (Path kept : List.of(path, dir.resolve("sub/trace.jsonl.1"), dir.resolve("sub/trace.jsonl.2"))) {
      assertThat(Files.size(kept)).isLessThanOrEqualTo(1000);
    }
    assertThat(Files.readAllLines(path).get(9)).startsWith("099");
    assertThat(Files.readAllLines(dir.resolve("sub/trace.jsonl.2")).get(0)).startsWith("070");
  }

  @Test
  void appendsToAnExistingFileAcrossRestarts() throws Exception {
    Path path = dir.resolve("trace.jsonl");
    try (RotatingFile file = new RotatingFile(path, 10_000, 2)) {
      file.append("first");
    }
    try (RotatingFile file = new RotatingFile(path, 10_000, 2)) {
      file.append("second");
    }
    assertThat(Files.readAllLines(path)).containsExactly("first", "second");
  }
}
