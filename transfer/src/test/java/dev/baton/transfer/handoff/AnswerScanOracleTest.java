package dev.baton.transfer.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Reading a prefill answer's handle from its tokens gives what reading its tree gives (the oracle:
 * {@link SequentialDialect#handle(JsonNode)} of Jackson's tree), over hostile answers and thousands
 * of generated ones, for every sequential dialect.
 */
class AnswerScanOracleTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String PARAMS = "{\"do_remote_prefill\":true,\"do_remote_decode\":false,"
      + "\"remote_block_ids\":[1,2,3],\"remote_engine_id\":\"e1\",\"remote_request_id\":\"r1\","
      + "\"remote_host\":\"10.0.0.1\",\"remote_port\":5600,\"tp_size\":1}";

  private static final List<SequentialDialect> DIALECTS =
      List.of(new NixlDialect(), new LmCacheDialect(), new P2pNcclDialect());

  private static final List<String> HOSTILE = List.of(
      "{\"id\":\"cmpl-1\",\"choices\":[{\"text\":\"x\"}],\"kv_transfer_params\":" + PARAMS + "}",
      "{\"kv_transfer_params\":" + PARAMS + ",\"choices\":[]}",
      "  \n{\"kv_transfer_params\" : " + PARAMS.replace(",", " ,\n ") + " } ",
      // The last of duplicate members wins, outside the parameters and inside them.
      "{\"kv_transfer_params\":" + PARAMS + ",\"kv_transfer_params\":null}",
      "{\"kv_transfer_params\":null,\"kv_transfer_params\":" + PARAMS + "}",
      "{\"kv_transfer_params\":" + PARAMS + ",\"kv_transfer_params\":{\"remote_host\":\"h\"}}",
      "{\"kv_transfer_params\":" + PARAMS.replace("\"remote_host\":\"10.0.0.1\"",
          "\"remote_host\":\"10.0.0.1\",\"remote_host\":null") + "}",
      "{\"kv_transfer_params\":" + PARAMS.replace("\"remote_host\":\"10.0.0.1\"",
          "\"remote_host\":null,\"remote_host\":\"10.0.0.2\"") + "}",
      // Escapes in names and values, nested values, a member named like it one level down.
      "{\"kv_transfer_p\\u0061rams\":" + PARAMS + "}",
      "{\"kv_transfer_params\":" + PARAMS.replace("\"e1\"", "\"e\\\"1\\\\\\u00e9\\n\"") + "}",
      "{\"kv_transfer_params\":" + PARAMS.replace("\"e1\"", "{\"a\":[{\"b\":null}],\"c\":{}}") + "}",
      "{\"choices\":[{\"kv_transfer_params\":" + PARAMS + "}]}",
      "{\"usage\":{\"kv_transfer_params\":" + PARAMS + "}}",
      "{\"kv_transfer_params\":" + PARAMS.replace("5600", "5.6e3") + "}",
      "{\"kv_transfer_params\":" + PARAMS.replace("\"e1\"", "\"\u00e9\u4e2d\uD83D\uDE00\"") + "}",
      // Not a handle, not an object, not JSON.
      "{\"kv_transfer_params\":[1,2]}", "{\"kv_transfer_params\":\"" + PARAMS.replace("\"", "'") + "\"}",
      "{\"kv_transfer_params\":{}}", "{}", "[]", "[" + PARAMS + "]", "null", "17", "\"x\"", "", "   ",
      "{\"kv_transfer_params\":" + PARAMS, "{\"kv_transfer_params\":" + PARAMS + ",}",
      "{\"kv_transfer_params\":" + PARAMS + "} trailing bytes", "{\"a\":1}{\"b\":2}",
      "{\"a\":01,\"kv_transfer_params\":" + PARAMS + "}",
      "{\"a\":\"tab\tinside\",\"kv_transfer_params\":" + PARAMS + "}",
      "{\"a\":NaN,\"kv_transfer_params\":" + PARAMS + "}",
      "{'kv_transfer_params':" + PARAMS + "}",
      "{\"kv_transfer_params\":" + PARAMS + "/* comment */}",
      "{\"a\":\"\\x\",\"kv_transfer_params\":" + PARAMS + "}",
      "{\"a\":" + "[".repeat(1200) + "]".repeat(1200) + ",\"kv_transfer_params\":" + PARAMS + "}",
      "{\"a\":" + "9".repeat(1500) + ",\"kv_transfer_params\":" + PARAMS + "}");

  @Test
  void hostileAnswersGetTheTreesVerdict() {
    for (String answer : HOSTILE) {
      agree(answer.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void invalidUtf8GetsTheTreesVerdict() {
    byte[] prefix = "{\"a\":\"".getBytes(StandardCharsets.UTF_8);
    byte[] suffix = ("\",\"kv_transfer_params\":" + PARAMS + "}").getBytes(StandardCharsets.UTF_8);
    byte[][] bad = {{(byte) 0xff}, {(byte) 0x80}, {(byte) 0xc3}, {(byte) 0xc3, 'a'},
        {(byte) 0xe2, (byte) 0x82}, {(byte) 0xf0, (byte) 0x9f, (byte) 0x98}, {(byte) 0xc0, (byte) 0xaf}};
    for (byte[] middle : bad) {
      byte[] answer = new byte[prefix.length + middle.length + suffix.length];
      System.arraycopy(prefix, 0, answer, 0, prefix.length);
      System.arraycopy(middle, 0, answer, prefix.length, middle.length);
      System.arraycopy(suffix, 0, answer, prefix.length + middle.length, suffix.length);
      agree(answer);
    }
  }

  @Test
  void aByteOrderMarkOrAnotherEncodingGetsTheTreesVerdict() {
    String answer = "{\"kv_transfer_params\":" + PARAMS + "}";
    byte[] utf8 = answer.getBytes(StandardCharsets.UTF_8);
    byte[] bom = new byte[utf8.length + 3];
    bom[0] = (byte) 0xef;
    bom[1] = (byte) 0xbb;
    bom[2] = (byte) 0xbf;
    System.arraycopy(utf8, 0, bom, 3, utf8.length);
    agree(bom);
    agree(answer.getBytes(StandardCharsets.UTF_16BE));
    agree(answer.getBytes(StandardCharsets.UTF_16LE));
  }

  @Test
  void generatedAnswersGetTheTreesVerdict() {
    SplittableRandom random = new SplittableRandom(18);
    for (int i = 0; i < 3000; i++) {
      agree(answer(random).getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void theHandleIsTheParametersTextAsWritten() {
    String params = PARAMS.replace(",", " , ").replace("5600", "5.60e3");
    KvHandle handle = new NixlDialect().handle(("{\"kv_transfer_params\":" + params + "}")
        .getBytes(StandardCharsets.UTF_8)).orElseThrow();
    assertThat(handle.transferParamsJson()).isEqualTo(params);
  }

  private static void agree(byte[] answer) {
    JsonNode tree;
    try {
      tree = JSON.readTree(answer);
    } catch (Exception e) {
      tree = null;
    }
    for (SequentialDialect dialect : DIALECTS) {
      Optional<KvHandle> expected = tree instanceof ObjectNode object ? dialect.handle(object)
          : Optional.empty();
      Optional<KvHandle> scanned = dialect.handle(answer);
      String what = dialect.name() + " on " + new String(answer, StandardCharsets.UTF_8);
      assertThat(scanned.isPresent()).as(what).isEqualTo(expected.isPresent());
      if (expected.isPresent()) {
        assertThat(scanned.get().transferParams()).as(what)
            .isEqualTo(expected.get().transferParams());
      }
    }
  }

  /** A prefill answer: members in any order, some duplicated, some null, values of every kind. */
  private static String answer(SplittableRandom random) {
    List<String> members = new ArrayList<>();
    int count = random.nextInt(6);
    for (int i = 0; i < count; i++) {
      members.add(quoted(pick(random, "id", "choices", "usage", "remote_host", "x\\\"y")) + ":"
          + value(random, 2));
    }
    int handles = random.nextInt(3);
    for (int i = 0; i < handles; i++) {
      members.add(random.nextInt(members.size() + 1), "\"kv_transfer_params\":" + params(random));
    }
    String body = "{" + String.join(random.nextBoolean() ? "," : " ,\n ", members) + "}";
    return random.nextInt(20) == 0 ? body.substring(0, random.nextInt(body.length())) : body;
  }

  private static String params(SplittableRandom random) {
    if (random.nextInt(8) == 0) {
      return value(random, 1);
    }
    List<String> members = new ArrayList<>();
    for (String key : List.of("remote_block_ids", "remote_engine_id", "remote_request_id",
        "remote_host", "remote_port", "do_remote_prefill", "tp_size")) {
      int copies = random.nextInt(10) == 0 ? 0 : random.nextInt(10) == 0 ? 2 : 1;
      for (int i = 0; i < copies; i++) {
        members.add(random.nextInt(members.size() + 1),
            quoted(key) + ":" + (random.nextInt(12) == 0 ? "null" : value(random, 2)));
      }
    }
    return "{" + String.join(",", members) + "}";
  }

  private static String value(SplittableRandom random, int depth) {
    int kind = random.nextInt(depth > 0 ? 8 : 6);
    return switch (kind) {
      case 0 -> "null";
      case 1 -> random.nextBoolean() ? "true" : "false";
      case 2 -> Integer.toString(random.nextInt(-100000, 100000));
      case 3 -> random.nextDouble() * 1e6 + "";
      case 4, 5 -> quoted(pick(random, "e1", "10.0.0.1", "a\\\"b", "\\u00e9\\n", "\u4e2d", "", "}{,]["));
      case 6 -> "[" + value(random, depth - 1) + "," + value(random, depth - 1) + "]";
      default -> "{" + quoted(pick(random, "kv_transfer_params", "a", "remote_host")) + ":"
          + value(random, depth - 1) + "}";
    };
  }

  private static String pick(SplittableRandom random, String... options) {
    return options[random.nextInt(options.length)];
  }

  private static String quoted(String text) {
    return "\"" + text + "\"";
  }
}
