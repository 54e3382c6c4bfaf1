package dev.baton.transfer.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.Role;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A prefill body cut from the client's bytes is, parsed, the tree {@code prefillBody} builds from the
 * client's parsed body (the oracle), for every sequential dialect, and both legs of Mooncake and
 * SGLang, chat and completions, over hostile bodies and thousands of generated ones.
 */
class PrefillBytesOracleTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<SequentialDialect> DIALECTS =
      List.of(new NixlDialect(), new LmCacheDialect(), new P2pNcclDialect());

  private static final MooncakeDialect MOONCAKE = new MooncakeDialect();
  private static final SglangDialect SGLANG = new SglangDialect();

  private static final Endpoint PREFILL = new Endpoint("p", "http", "::1", 8000, Role.PREFILL,
      Set.of("m"), Map.of(), 8998);

  private static final List<String> HOSTILE = List.of(
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true,"
          + "\"stream_options\":{\"include_usage\":true},\"max_completion_tokens\":50,\"min_tokens\":5}",
      "{}", "{ }", " \n {\"stream\":true} \n", "{\"stream\":true,\"max_tokens\":9}",
      "{\"max_tokens\":9,\"model\":\"m\"}", "{\"model\":\"m\",\"max_tokens\":9}",
      "{\"model\" : \"m\" ,\n \"max_tokens\" :\t9 , \"temperature\" : 0.5 }",
      // Duplicates, kept and cut; the last one wins either way.
      "{\"temperature\":0.1,\"stream\":true,\"temperature\":0.7,\"stream\":false}",
      "{\"max_tokens\":1,\"max_tokens\":50,\"min_tokens\":3,\"min_tokens\":4}",
      // A client's kv_transfer_params (intake drops it from the tree, so the oracle's body lacks it).
      "{\"model\":\"m\",\"kv_transfer_params\":{\"remote_host\":\"evil\"}}",
      // Names with escapes, the cut names one level down, escaped and odd values.
      "{\"\\u0073tream\":true,\"max\\u005ftokens\":7,\"model\":\"m\"}",
      "{\"a\\\"b\":1,\"c\\\\\":\"}{,\\\"\",\"messages\":[{\"stream\":true,\"max_tokens\":3}]}",
      "{\"extra\":{\"stream_options\":{\"x\":[1,{\"min_tokens\":2}]},\"kv_transfer_params\":{}}}",
      "{\"prompt\":\"\u00e9\u4e2d\uD83D\uDE00 \\ud83d\\ude00\",\"max_completion_tokens\":null}",
      "{\"max_completion_tokens\":null,\"min_completion_tokens\":null,\"stream_options\":null}",
      "{\"n\":1.5e3,\"big\":123456789012345678901234567890,\"neg\":-0.0,\"t\":true,\"f\":false,\"z\":null}",
      "{\"prompt\":[1,2,3],\"echo\":false,\"logprobs\":null}",
      // SGLang's members sent by the client, and batches (a room per sequence).
      "{\"model\":\"m\",\"prompt\":[\"a\",\"b\",\"c\"],\"bootstrap_room\":5,\"bootstrap_host\":\"evil\"}",
      "{\"model\":\"m\",\"messages\":[],\"n\":3,\"bootstrap_port\":1,\"bootstrap_port\":2}",
      "{\"bootstrap_host\":\"x\",\"bootstrap_\\u0068ost\":\"y\",\"prompt\":[[1,2],[3]]}");

  @Test
  void hostileBodiesGiveTheTreesPrefill() {
    for (String body : HOSTILE) {
      agree(body);
    }
  }

  @Test
  void generatedBodiesGiveTheTreesPrefill() {
    SplittableRandom random = new SplittableRandom(18);
    for (int i = 0; i < 3000; i++) {
      agree(body(random));
    }
  }

  @Test
  void bytesThatAreNoObjectGetTheTreeWrittenOut() throws Exception {
    ObjectNode client = (ObjectNode) JSON.readTree("{\"model\":\"m\",\"stream\":true}");
    HandoffContext context = context(RequestKind.CHAT, client);
    for (SequentialDialect dialect : DIALECTS) {
      for (Buffer bytes : List.of(Buffer.buffer("[]"), Buffer.buffer("{\"model\":"),
          Buffer.buffer("{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_16LE)))) {
        assertThat(JSON.readTree(dialect.prefillBytes(context, bytes).getBytes()))
            .isEqualTo(dialect.prefillBody(context));
      }
      assertThat(JSON.readTree(dialect.prefillBytes(context, null).getBytes()))
          .isEqualTo(dialect.prefillBody(context));
    }
  }

  @Test
  void keptMembersAreTheClientsBytes() {
    String body = "{\"model\" : \"m\", \"temperature\":1.50e0 ,\"stream\":true, \"prompt\":\"\\u0041\"}";
    Buffer cut = new LmCacheDialect().prefillBytes(
        context(RequestKind.COMPLETION, (ObjectNode) tree(body)), Buffer.buffer(body));
    assertThat(cut.toString()).isEqualTo(
        "{\"stream\":false,\"max_tokens\":1,\"model\" : \"m\",\"temperature\":1.50e0,\"prompt\":\"\\u0041\"}");
    HandoffContext paired = new HandoffContext(RequestKind.COMPLETION, (ObjectNode) tree(body),
        MultiMap.caseInsensitiveMultiMap(), PREFILL, PREFILL, HandoffContext.NO_RANK, null);
    assertThat(SGLANG.decodeBytes(paired, "r", Buffer.buffer(body)).toString())
        .startsWith("{\"bootstrap_host\":\"::1\",\"bootstrap_port\":8998,\"bootstrap_room\":")
        .endsWith(",\"model\" : \"m\",\"temperature\":1.50e0,\"stream\":true,\"prompt\":\"\\u0041\"}");
  }

  private static void agree(String body) {
    ObjectNode client = (ObjectNode) tree(body);
    client.remove("kv_transfer_params"); // as intake hands it over
    for (RequestKind kind : RequestKind.values()) {
      HandoffContext context = context(kind, client);
      for (SequentialDialect dialect : DIALECTS) {
        Buffer cut = dialect.prefillBytes(context, Buffer.buffer(body));
        assertThat(tree(cut.toString())).as(dialect.name() + " " + kind + " on " + body)
            .isEqualTo(dialect.prefillBody(context));
      }
      HandoffContext paired = new HandoffContext(kind, client, MultiMap.caseInsensitiveMultiMap(),
          PREFILL, PREFILL, HandoffContext.NO_RANK, new PrefillBootstrap(8998, "engine-\"0\""));
      assertThat(tree(MOONCAKE.prefillBytes(paired, "r-1", Buffer.buffer(body)).toString()))
          .as("mooncake prefill " + kind + " on " + body)
          .isEqualTo(MOONCAKE.prefillBody(paired, "r-1"));
      // The bytes Baton forwards never hold kv_transfer_params: intake writes the tree out then.
      Buffer forwarded = Buffer.buffer(body.contains("kv_transfer_params") ? client.toString() : body);
      assertThat(tree(MOONCAKE.decodeBytes(paired, "r-1", forwarded).toString()))
          .as("mooncake decode " + kind + " on " + body)
          .isEqualTo(MOONCAKE.decodeBody(paired, "r-1"));
      assertThat(tree(SGLANG.prefillBytes(paired, "r-1", forwarded).toString()))
          .as("sglang prefill " + kind + " on " + body)
          .isEqualTo(SGLANG.prefillBody(paired, "r-1"));
      assertThat(tree(SGLANG.decodeBytes(paired, "r-1", forwarded).toString()))
          .as("sglang decode " + kind + " on " + body)
          .isEqualTo(SGLANG.decodeBody(paired, "r-1"));
    }
  }

  /** A client body: members in any order, the ones the prefill edits among them, some twice. */
  private static String body(SplittableRandom random) {
    List<String> members = new ArrayList<>();
    String[] names = {"model", "messages", "prompt", "stream", "stream_options", "max_tokens",
        "max_completion_tokens", "min_tokens", "min_completion_tokens", "temperature", "n",
        "\\u0073tream", "kv_transfer_params", "x\\\"y", "bootstrap_room", "bootstrap_host"};
    int count = random.nextInt(9);
    for (int i = 0; i < count; i++) {
      members.add("\"" + names[random.nextInt(names.length)] + "\"" + blank(random) + ":"
          + blank(random) + value(random, 2));
    }
    StringBuilder text = new StringBuilder(blank(random)).append('{').append(blank(random));
    for (int i = 0; i < members.size(); i++) {
      text.append(i == 0 ? "" : blank(random) + "," + blank(random)).append(members.get(i));
    }
    return text.append(blank(random)).append('}').append(blank(random)).toString();
  }

  private static String value(SplittableRandom random, int depth) {
    return switch (random.nextInt(depth > 0 ? 8 : 6)) {
      case 0 -> "null";
      case 1 -> random.nextBoolean() ? "true" : "false";
      case 2 -> Integer.toString(random.nextInt(-1000, 1000));
      case 3 -> random.nextDouble() * 100 + "";
      case 4, 5 -> "\"" + new String[] {"hi", "a\\\"b", "\\u00e9\\n", "\u4e2d", "", "}{,][:"}[
          random.nextInt(6)] + "\"";
      case 6 -> "[" + value(random, depth - 1) + blank(random) + "," + value(random, depth - 1) + "]";
      default -> "{\"" + new String[] {"stream", "max_tokens", "role"}[random.nextInt(3)] + "\":"
          + value(random, depth - 1) + "}";
    };
  }

  private static String blank(SplittableRandom random) {
    return new String[] {"", "", "", " ", "\n\t", "  \r\n"}[random.nextInt(6)];
  }

  private static HandoffContext context(RequestKind kind, ObjectNode client) {
    return new HandoffContext(kind, client, MultiMap.caseInsensitiveMultiMap(), null, null);
  }

  private static Object tree(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(text, e);
    }
  }
}
