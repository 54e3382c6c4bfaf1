package dev.baton.transfer.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The byte paths that skip JSON without Jackson ({@link AnswerScan#quick}, {@link MemberCut#quick})
 * give, whenever they answer, what Jackson's tokens give (the oracle), and answer only for JSON that
 * Jackson's tree reads: over hostile texts at the edges of the grammar and of UTF-8, and over many
 * thousands of answers and bodies with single bytes changed, cut short or repeated.
 */
class ValueSkipOracleTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String PARAMS = "{\"do_remote_prefill\":true,\"do_remote_decode\":false,"
      + "\"remote_block_ids\":[1,2,3],\"remote_engine_id\":\"e1\",\"remote_request_id\":\"r1\","
      + "\"remote_host\":\"10.0.0.1\",\"remote_port\":5600,\"tp_size\":null}";

  private static final String ANSWER = "{\"id\":\"cmpl-1\",\"object\":\"chat.completion\","
      + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"x\\n\\u00e9\"},"
      + "\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":1},"
      + "\"kv_transfer_params\":" + PARAMS + "}";

  private static final String BODY = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
      + "\"h\u00e9 \\\"you\\\"\"}],\"stream\":true,\"stream_options\":{\"include_usage\":true},"
      + "\"max_tokens\":-1.5e+3,\"temperature\":0,\"stop\":null,\"logprobs\":false}";

  /** Values at the edges: numbers, literals, escapes, control characters, depth, lengths. */
  private static final List<String> EDGES = List.of("0", "-0", "-", "01", "-01", "1.", ".5", "1.5",
      "1e", "1e+", "1E-3", "1.5e+10", "+1", "0x1", "1_0", "NaN", "Infinity", "-Infinity", "true",
      "tru", "truex", "nulll", "null", "false", "fals", "\"\\u12\"", "\"\\uZZZZ\"", "\"\\u00E9\"",
      "\"\\a\"", "\"\\'\"", "\"\\/\"", "\"\t\"", "\"\u007f\"", "\"\\ud800\"", "[]", "[1,]", "[,1]",
      "{}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\" 1}", "[1 2]", "\"a\"\"b\"", "1 2",
      "[".repeat(199) + "]".repeat(199), "[".repeat(201) + "]".repeat(201),
      "[".repeat(1001) + "]".repeat(1001), "9".repeat(499), "9".repeat(501), "9".repeat(1001),
      "\"" + "x".repeat(50_001) + "\"", "{\"" + "x".repeat(39_999) + "\":1}",
      "{\"" + "x".repeat(45_000) + "\":1}");

  /** UTF-8 at the edges: overlong, surrogates, beyond U+10FFFF, cut short, valid of each length. */
  private static final byte[][] UTF8 = {{(byte) 0xc3, (byte) 0xa9}, {(byte) 0xe4, (byte) 0xb8,
      (byte) 0xad}, {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80}, {(byte) 0xc0, (byte) 0xaf},
      {(byte) 0xc1, (byte) 0xbf}, {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0,
      (byte) 0x80}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xf5, (byte) 0x80,
      (byte) 0x80, (byte) 0x80}, {(byte) 0xff}, {(byte) 0x80}, {(byte) 0xc3}, {(byte) 0xe2,
      (byte) 0x82}, {(byte) 0xf0, (byte) 0x9f, (byte) 0x98}, {(byte) 0xef, (byte) 0xbf, (byte) 0xbf}};

  /** NIXL's handle. */
  private static final AnswerScan.Sought HANDLE = new AnswerScan.Sought("kv_transfer_params",
      List.of("remote_block_ids", "remote_engine_id", "remote_request_id", "remote_host",
          "remote_port"));

  private static final MemberCut.Names CUT =
      new MemberCut.Names(Set.of("stream", "stream_options", "max_tokens", "min_tokens"));

  @Test
  void edgeValuesGetTheTokensVerdict() {
    for (String value : EDGES) {
      for (String text : List.of("{\"a\":" + value + ",\"kv_transfer_params\":" + PARAMS + "}",
          "{\"kv_transfer_params\":{\"remote_host\":" + value + "}}", "{\"stream\":" + value + "}",
          "{\"k\":" + value + "}", value)) {
        agree(text.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void edgeUtf8GetsTheTokensVerdict() {
    for (byte[] character : UTF8) {
      for (String[] around : new String[][] {{"{\"a\":\"", "\",\"kv_transfer_params\":" + PARAMS
          + "}"}, {"{\"kv_transfer_params\":{\"remote_host\":\"", "\"}}"}, {"{\"", "\":1}"}}) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        text.writeBytes(around[0].getBytes(StandardCharsets.UTF_8));
        text.writeBytes(character);
        text.writeBytes(around[1].getBytes(StandardCharsets.UTF_8));
        agree(text.toByteArray());
      }
    }
  }

  @Test
  void aSpecialByteAnywhereInALongStringIsSeen() {
    // Every kind of byte a string treats apart, at every offset in plain text around it.
    String[] specials = {"\"", "\\", "\\n", "\u0001", "\u001f", "\u007f", "\u00e9", "\u4e2d", "\u0000"};
    for (String special : specials) {
      for (int before = 0; before < 20; before++) {
        for (int after = 0; after < 10; after++) {
          String text = "{\"k\":\"" + "a".repeat(before) + special + "b".repeat(after) + "\"}";
          agree(text.getBytes(StandardCharsets.UTF_8));
          agree(("{\"stream\":true,\"p\":" + text.substring(5, text.length() - 1)
              + ",\"max_tokens\":1}")
              .getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    byte[] invalid = "{\"k\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}".getBytes(StandardCharsets.UTF_8);
    for (int at = 6; at < invalid.length - 2; at++) {
      byte[] text = invalid.clone();
      text[at] = (byte) 0xff;
      agree(text);
      assertThat(MemberCut.quick(text, CUT)).as("0xff at %d", at).isNull();
    }
  }

  @Test
  void mutatedAnswersAndBodiesGetTheTokensVerdict() {
    SplittableRandom random = new SplittableRandom(18);
    byte[] interesting = " \t\n\r\"\\/{}[]:,0123456789-+.eEtfnulx\u0000".getBytes(StandardCharsets.UTF_8);
    int answered = 0;
    int tries = 0;
    for (String base : List.of(ANSWER, BODY, "{\"kv_transfer_params\":" + PARAMS + "}")) {
      byte[] original = base.getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 6000; i++) {
        byte[] text = mutate(random, original, interesting);
        tries++;
        answered += agree(text) ? 1 : 0;
      }
    }
    // Many mutations are still JSON: the byte paths must answer for those, not defer every time.
    assertThat(answered).as("answered by the byte paths of %d", tries).isGreaterThan(tries / 20);
  }

  @Test
  void plainAnswersAndBodiesAreAnsweredWithoutJackson() {
    assertThat(AnswerScan.quick(ANSWER.getBytes(StandardCharsets.UTF_8), HANDLE))
        .isEqualTo(AnswerScan.byTokens(ANSWER.getBytes(StandardCharsets.UTF_8), HANDLE)
            .orElseThrow());
    assertThat(MemberCut.quick(BODY.getBytes(StandardCharsets.UTF_8), CUT)).isNotNull();
  }

  /** One to three changes: a byte replaced, dropped or doubled, or the text cut short. */
  private static byte[] mutate(SplittableRandom random, byte[] original, byte[] interesting) {
    List<Byte> text = new ArrayList<>();
    for (byte b : original) {
      text.add(b);
    }
    for (int changes = 1 + random.nextInt(3); changes > 0 && !text.isEmpty(); changes--) {
      int at = random.nextInt(text.size());
      switch (random.nextInt(4)) {
        case 0 -> text.set(at, interesting[random.nextInt(interesting.length)]);
        case 1 -> text.remove(at);
        case 2 -> text.add(at, text.get(at));
        default -> text.subList(at, text.size()).clear();
      }
    }
    byte[] bytes = new byte[text.size()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = text.get(i);
    }
    return bytes;
  }

  /** Checks both byte paths against the tokens; true when either answered without them. */
  private static boolean agree(byte[] text) {
    String what = new String(text, StandardCharsets.UTF_8);
    AnswerScan quick = AnswerScan.quick(text, HANDLE);
    if (quick != null) {
      assertThat(quick).as("answer " + what)
          .isEqualTo(AnswerScan.byTokens(text, HANDLE).orElseThrow());
      assertThat(readsAsObject(text)).as("tree of " + what).isTrue();
    }
    MemberCut.Layout layout = MemberCut.quick(text, CUT);
    if (layout != null) {
      MemberCut.Layout tokens = MemberCut.byTokens(text, CUT);
      assertThat(tokens).as("tokens' layout of " + what).isNotNull();
      assertThat(layout.found()).as("cut names of " + what).isEqualTo(tokens.found());
      assertThat(MemberCut.write(text, layout, cut -> "\"x\":1").getBytes()).as("cut " + what)
          .isEqualTo(MemberCut.write(text, tokens, cut -> "\"x\":1").getBytes());
      assertThat(readsAsObject(text)).as("tree of " + what).isTrue();
    }
    return quick != null || layout != null;
  }

  private static boolean readsAsObject(byte[] text) {
    try {
      return JSON.readTree(text).isObject();
    } catch (Exception e) {
      return false;
    }
  }
}
