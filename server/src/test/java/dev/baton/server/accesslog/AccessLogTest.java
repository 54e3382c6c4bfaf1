package dev.baton.server.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class AccessLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static AccessLogEntry entry() {
    return new AccessLogEntry(Instant.parse("2026-11-27T05:00:00Z"), "req-1", "4bf92f3577b34da6a3ce929d0e0e4736",
        "llama", "disaggregated", "split", "10.0.0.2:8000", "10.0.0.1:8000",
        java.util.List.of(new AttemptEntry("prefill", "10.0.0.1:8000", "answered", 200),
            new AttemptEntry("decode", "10.0.0.3:8000", "unreachable", null),
            new AttemptEntry("decode", "10.0.0.2:8000", "answered", 200)),
        "handed_off", 123.456,
        512, 64, 200, "success", 2345.678);
  }

  @Test
  void oneLineOfSnakeCaseJsonInAFixedOrder() throws Exception {
    String line = AccessLog.toJson(entry());
    assertThat(line).doesNotContain("\n");
    JsonNode json = JSON.readTree(line);
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("time", "request_id", "trace_id", "model", "route", "decision",
        "decode_endpoint", "prefill_endpoint", "attempts", "prefill_outcome", "ttft_ms", "prompt_tokens",
        "completion_tokens", "status", "outcome", "duration_ms");
    assertThat(json.get("ttft_ms").asDouble()).isEqualTo(123.456);
    assertThat(json.get("status").asInt()).isEqualTo(200);
    assertThat(json.get("prefill_endpoint").asText()).isEqualTo("10.0.0.1:8000");
    assertThat(json.get("attempts").get(1).toString())
        .isEqualTo("{\"leg\":\"decode\",\"endpoint\":\"10.0.0.3:8000\",\"outcome\":\"unreachable\","
            + "\"status\":null}");
  }

  @Test
  void unknownFieldsAreNullNotMissing() throws Exception {
    AccessLogEntry e = new AccessLogEntry(Instant.EPOCH, "req-2", null, "llama", "none", null, null, null,
        java.util.List.of(), null, null, null, null, 404, "rejected", 0.5);
    JsonNode json = JSON.readTree(AccessLog.toJson(e));
    assertThat(json.size()).isEqualTo(16);
    assertThat(json.get("ttft_ms").isNull()).isTrue();
    assertThat(json.get("decode_endpoint").isNull()).isTrue();
  }

  @Test
  void aSinkGetsEachLine() {
    List<String> lines = new ArrayList<>();
    AccessLog log = AccessLog.to(lines::add);
    log.write(entry());
    log.write(entry());
    assertThat(lines).hasSize(2).allMatch(l -> l.startsWith("{\"time\":"));
    assertThat(log.enabled()).isTrue();
    assertThat(AccessLog.disabled().enabled()).isFalse();
    AccessLog.disabled().write(entry());
  }

  @Test
  void theLoggerIsBatonAccessAtInfoAndCanBeSilenced() {
    Logger jul = Logger.getLogger(AccessLog.LOGGER_NAME);
    List<LogRecord> records = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Level before = jul.getLevel();
    boolean parents = jul.getUseParentHandlers();
    jul.addHandler(capture);
    jul.setUseParentHandlers(false);
    try {
      jul.setLevel(Level.INFO);
      try (AccessLog log = AccessLog.toLogger()) {
        assertThat(log.enabled()).isTrue();
        log.write(entry());
      } // close() writes what is queued
      assertThat(records).hasSize(1);
      assertThat(records.get(0).getLevel()).isEqualTo(Level.INFO);
      assertThat(records.get(0).getMessage()).isEqualTo(AccessLog.toJson(entry()));
      jul.setLevel(Level.OFF);
      try (AccessLog log = AccessLog.toLogger()) {
        // Silenced: callers skip building entries, and one written anyway is dropped.
        assertThat(log.enabled()).isFalse();
        log.write(entry());
      }
      assertThat(records).hasSize(1);
    } finally {
      jul.removeHandler(capture);
      jul.setUseParentHandlers(parents);
      jul.setLevel(before);
    }
  }
}
