package dev.baton.bench.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceFileTest {

  @TempDir Path dir;

  private static TraceRecord record(double at, String session, Long... hashes) {
    return new TraceRecord(at, "m", "team-a", 40, 16, List.of(hashes), 12, true, "high", 500.0,
        null, session, null);
  }

  @Test
  void recordsSurviveAWriteAndARead() throws Exception {
    List<TraceRecord> written = List.of(record(1000.5, "s1", 7L, -3L), record(1002, null));
    Path file = dir.resolve("trace.jsonl");
    TraceFile.write(file, written);

    assertThat(TraceFile.read(file)).isEqualTo(written);
    String first = Files.readAllLines(file).get(0);
    assertThat(first).startsWith("{\"arrival_ms\":1000.5,\"model\":\"m\",\"tenant\":\"team-a\"")
        .contains("\"hash_ids\":[7,-3]", "\"slo_ttft_ms\":500.0", "\"session\":\"s1\"")
        // Unset fields are left out, and there is never a prompt unless one was recorded.
        .doesNotContain("slo_tpot_ms", "\"prompt\"");
  }

  @Test
  void mooncakeLinesImportWithTheirBlocksOf512Tokens() {
    List<TraceRecord> records = TraceFile.parse("""
        {"timestamp": 0, "input_length": 6955, "output_length": 52, "hash_ids": [46, 47, 48]}

        {"timestamp": 3052, "input_length": 300, "output_length": 8, "hash_ids": []}
        """, "mooncake.jsonl");

    assertThat(records).hasSize(2);
    TraceRecord first = records.get(0);
    assertThat(first.arrivalMs()).isZero();
    assertThat(first.promptTokens()).isEqualTo(6955);
    assertThat(first.outputTokens()).isEqualTo(52);
    assertThat(first.blockTokens()).isEqualTo(512);
    assertThat(first.hashIds()).containsExactly(46L, 47L, 48L);
    assertThat(first.model()).isNull();
    assertThat(first.stream()).isTrue();
    assertThat(records.get(1).arrivalMs()).isEqualTo(3052);
    assertThat(records.get(1).blockTokens()).isZero();
  }

  @Test
  void recordsComeBackInOrderOfArrivalAsBatonWritesThemAtTheirEnds() {
    List<TraceRecord> read = TraceFile.parse(TraceFile.toLine(record(30, "late"))
        + "\n" + TraceFile.toLine(record(10, "first")) + "\n"
        + TraceFile.toLine(record(30, "later")) + "\n", "t.jsonl");
    assertThat(read).extracting(TraceRecord::session).containsExactly("first", "late", "later");
  }

  @Test
  void aBadLineIsNamedByItsSourceAndNumber() {
    assertThatThrownBy(() -> TraceFile.parse("""
        {"timestamp": 0, "input_length": 10, "output_length": 5, "hash_ids": []}
        {"timestamp": 1, "input_length": 10, "output_length": 5, "hash_ids": ["x"]}
        """, "t.jsonl"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("t.jsonl:2: not a trace line:")
        .hasMessageContaining("hash_ids");
    assertThatThrownBy(() -> TraceFile.parse("{\"model\": \"m\"}\n", "t.jsonl"))
        .hasMessageContaining("t.jsonl:1:").hasMessageContaining("arrival_ms");
    assertThatThrownBy(() -> TraceFile.parse("[1, 2]\n", "t.jsonl"))
        .hasMessageContaining("t.jsonl:1:");
    assertThatThrownBy(() -> TraceFile.parse(
        "{\"arrival_ms\": 1, \"prompt_tokens\": 5, \"hash_ids\": [1]}\n", "t.jsonl"))
        .hasMessageContaining("block_tokens");
  }
}
