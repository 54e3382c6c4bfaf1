package dev.baton.server.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand-written line against Jackson, which wrote it before: the same bytes for every entry,
 * strings with quotes, backslashes, control characters and non-ASCII text included.
 */
class AccessLineFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Text a client can put in a model name or request id, meant to break a naive writer. */
  private static final List<String> HOSTILE = List.of(
      "plain", "", "quote\" and \\backslash\\", "line\nbreak\r\ttab\b\f", "nul\u0000 and \u001f \u007f",
      "caf\u00e9 \u4e2d\u6587 \u0416", "emoji \ud83d\ude80 rocket", "sep\u2028\u2029", "</script>",
      "{\"injected\":1}", "\\u0041 literal", "tail\\");

  @Test
  void theSameBytesAsJacksonForHostileStrings() throws Exception {
    SplittableRandom random = new SplittableRandom(18);
    for (int i = 0; i < 500; i++) {
      AccessLogEntry entry = randomEntry(random);
      String line = AccessLog.toJson(entry);
      assertThat(line).isEqualTo(JSON.writeValueAsString(jackson(entry)));
      assertThat(line).doesNotContain("\n", "\r");
      JsonNode back = JSON.readTree(line);
      assertThat(back.get("model").isNull() ? null : back.get("model").asText()).isEqualTo(entry.model());
      assertThat(back.get("request_id").asText()).isEqualTo(entry.requestId());
    }
  }

  @Test
  void controlCharactersUseJsonEscapes() {
    AccessLogEntry entry = entry("a\"b\\c\nd\u0001e\u001fz");
    assertThat(AccessLog.toJson(entry)).contains("\"model\":\"a\\\"b\\\\c\\nd\\u0001e\\u001Fz\"");
  }

  @Test
  void aLoneSurrogateIsEscapedSoTheLineStaysValidUtf8() throws Exception {
    AccessLogEntry entry = entry("half \ud83d and \ude80 end");
    String line = AccessLog.toJson(entry);
    assertThat(line).contains("half \\uD83D and \\uDE80 end");
    byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
    assertThat(new String(utf8, StandardCharsets.UTF_8)).isEqualTo(line);
    assertThat(JSON.readTree(line).get("model").asText()).isEqualTo("half \ud83d and \ude80 end");
  }

  @Test
  void timeIsWrittenAsInstantToString() {
    SplittableRandom random = new SplittableRandom(7);
    AccessLineFormat format = new AccessLineFormat();
    JsonLineBuffer buffer = new JsonLineBuffer(64);
    List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2026-11-27T05:00:00Z"),
        Instant.parse("2026-11-27T05:00:00.120Z"), Instant.parse("2026-11-27T05:00:00.000120Z"),
        Instant.parse("2026-11-27T05:00:00.000000120Z"), Instant.parse("2026-11-27T05:00:00.999999999Z"),
        Instant.parse("1969-12-31T23:59:59.5Z"), Instant.parse("+12026-01-01T00:00:00Z")));
    for (int i = 0; i < 2_000; i++) {
      long second = 1_700_000_000L + random.nextLong(1_000_000);
      int nanos = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1_000;
        default -> random.nextInt(1_000_000_000);
      };
      // Neighbouring instants in the same second exercise the cached date text.
      instants.add(Instant.ofEpochSecond(second, nanos));
      instants.add(Instant.ofEpochSecond(second, random.nextInt(1_000_000_000)));
    }
    for (Instant instant : instants) {
      buffer.clear();
      AccessLogEntry entry = new AccessLogEntry(instant, "r", null, "m", "none", null, null, null,
          List.of(), null, null, null, null, 200, "success", 1.0);
      format.append(entry, buffer);
      assertThat(buffer.toString()).startsWith("{\"time\":\"" + instant + "\",");
    }
  }

  private static AccessLogEntry entry(String model) {
    return new AccessLogEntry(Instant.parse("2026-11-27T05:00:00.123456Z"), "req", null, model,
        "aggregated", "whole", "w0", null, List.of(), null, 0.25, 10, 2, 200, "success", 3.5);
  }

  private static AccessLogEntry randomEntry(SplittableRandom random) {
    List<AttemptEntry> attempts = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      attempts.add(new AttemptEntry(random.nextBoolean() ? "prefill" : "decode", pick(random),
          "answered", random.nextBoolean() ? null : 200 + random.nextInt(400)));
    }
    return new AccessLogEntry(
        Instant.ofEpochSecond(1_760_000_000L + random.nextInt(1 << 24), random.nextInt(1_000_000_000)),
        pick(random), random.nextBoolean() ? null : "4bf92f3577b34da6a3ce929d0e0e4736", maybe(random),
        "aggregated", maybe(random), maybe(random), maybe(random), attempts, maybe(random),
        random.nextBoolean() ? null : Math.round(random.nextDouble() * 1e9) / 1e6,
        random.nextBoolean() ? null : random.nextInt(1 << 20), random.nextBoolean() ? null : random.nextInt(),
        random.nextInt(100, 600), pick(random), random.nextDouble() * Math.pow(10, random.nextInt(-6, 7)));
  }

  private static String pick(SplittableRandom random) {
    return HOSTILE.get(random.nextInt(HOSTILE.size()));
  }

  private static String maybe(SplittableRandom random) {
    return random.nextInt(4) == 0 ? null : pick(random);
  }

  /** The line as Jackson wrote the record: the same keys, order, escapes and number forms. */
  private static ObjectNode jackson(AccessLogEntry e) {
    ObjectNode o = JSON.createObjectNode();
    o.put("time", e.time().toString());
    o.put("request_id", e.requestId());
    o.put("trace_id", e.traceId());
    o.put("model", e.model());
    o.put("route", e.route());
    o.put("decision", e.decision());
    o.put("decode_endpoint", e.decodeEndpoint());
    o.put("prefill_endpoint", e.prefillEndpoint());
    ArrayNode attempts = o.putArray("attempts");
    for (AttemptEntry a : e.attempts()) {
      attempts.addObject().put("leg", a.leg()).put("endpoint", a.endpoint()).put("outcome", a.outcome())
          .put("status", a.status());
    }
    o.put("prefill_outcome", e.prefillOutcome());
    o.put("ttft_ms", e.ttftMs());
    o.put("prompt_tokens", e.promptTokens());
    o.put("completion_tokens", e.completionTokens());
    o.put("status", e.status());
    o.put("outcome", e.outcome());
    o.put("duration_ms", e.durationMs());
    return o;
  }
}
