package dev.baton.transfer.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.endpoint.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * SGLang's bootstrap disaggregation ({@code --disaggregation-mode prefill|decode}): both legs get the
 * client's body unchanged plus where the decode finds the prefill's KV, {@code bootstrap_host} (the
 * prefill worker's host), {@code bootstrap_port} (its {@code --disaggregation-bootstrap-port}) and
 * {@code bootstrap_room} (an integer in [0, 2^63-1] naming the transfer). The two legs rendezvous on
 * the prefill's bootstrap server, so they go at once.
 *
 * <p>Facts from sgl-project/sglang {@code sgl-model-gateway/src/routers/http/pd_router.rs}
 * ({@code inject_bootstrap_into_value}, {@code get_chat_batch_size}, {@code get_completion_batch_size})
 * and {@code pd_types.rs} ({@code generate_room_id}): a batched request, chat with {@code n > 1} or
 * completions with a list of prompts, gets arrays of hosts, ports and rooms of the batch's length, one
 * room per sequence; anything else gets scalars.
 *
 * <p>The bootstrap port is the endpoint's configured {@code bootstrapPort}; without one it is learned
 * once per endpoint from the prefill's {@code GET /server_info} field
 * {@code disaggregation_bootstrap_port} (SGLang's {@code ServerArgs}, which that route returns whole),
 * and when the worker does not say, SGLang's default 8998.
 */
public final class SglangDialect implements ConcurrentDialect {

  /** SGLang's default {@code --disaggregation-bootstrap-port}. */
  public static final int DEFAULT_BOOTSTRAP_PORT = 8998;

  /** The members both legs set, whatever the client sent under those names. */
  private static final MemberCut.Names BOOTSTRAP =
      new MemberCut.Names(Set.of("bootstrap_host", "bootstrap_port", "bootstrap_room"));

  @Override
  public String name() {
    return "sglang";
  }

  /** The bootstrap port: configured, else learned from {@code /server_info}, else the default. */
  @Override
  public Future<HandoffContext> prepare(HandoffContext request, PrefillLookups lookups) {
    Endpoint prefill = request.prefill();
    if (prefill.bootstrapPort() > 0) {
      return Future.succeededFuture(
          request.withBootstrap(new PrefillBootstrap(prefill.bootstrapPort(), null)));
    }
    return lookups.get(prefill, prefill.port(), "/server_info")
        .map(info -> info.path("disaggregation_bootstrap_port").asInt(DEFAULT_BOOTSTRAP_PORT))
        .map(port -> port > 0 && port <= 65535 ? port : DEFAULT_BOOTSTRAP_PORT)
        // A worker that cannot say is asked again by the next request; this one takes the default.
        .otherwise(DEFAULT_BOOTSTRAP_PORT)
        .map(port -> request.withBootstrap(new PrefillBootstrap(port, null)));
  }

  @Override
  public ObjectNode prefillBody(HandoffContext request, String rendezvous) {
    return withBootstrap(request, rendezvous);
  }

  @Override
  public ObjectNode decodeBody(HandoffContext request, String rendezvous) {
    return withBootstrap(request, rendezvous);
  }

  @Override
  public Buffer prefillBytes(HandoffContext request, String rendezvous, Buffer clientBytes) {
    return bytesWithBootstrap(request, rendezvous, clientBytes);
  }

  @Override
  public Buffer decodeBytes(HandoffContext request, String rendezvous, Buffer clientBytes) {
    return bytesWithBootstrap(request, rendezvous, clientBytes);
  }

  /** The same body for both legs: each calls this with the same rendezvous, so the rooms agree. */
  private static ObjectNode withBootstrap(HandoffContext request, String rendezvous) {
    ObjectNode body = request.clientBody().deepCopy();
    body.setAll(bootstrap(request, rendezvous));
    return body;
  }

  /** {@link #withBootstrap} cut and spliced from the client's bytes, when they allow it. */
  private static Buffer bytesWithBootstrap(HandoffContext request, String rendezvous,
      Buffer clientBytes) {
    String members = bootstrap(request, rendezvous).toString();
    Buffer spliced = clientBytes == null ? null : MemberCut.apply(clientBytes, BOOTSTRAP,
        cut -> members.substring(1, members.length() - 1));
    return spliced != null ? spliced : Buffer.buffer(withBootstrap(request, rendezvous).toString());
  }

  /** Where the decode finds the prefill's KV: one host, port and room per sequence of the request. */
  private static ObjectNode bootstrap(HandoffContext request, String rendezvous) {
    ObjectNode members = JsonNodeFactory.instance.objectNode();
    Endpoint prefill = request.prefill();
    String host = prefill.host();
    int port = request.bootstrap() != null ? request.bootstrap().port()
        : prefill.bootstrapPort() > 0 ? prefill.bootstrapPort() : DEFAULT_BOOTSTRAP_PORT;
    SplittableRandom rooms = new SplittableRandom(seed(rendezvous));
    int batch = batchSize(request.kind(), request.clientBody());
    if (batch == 0) {
      members.put("bootstrap_host", host);
      members.put("bootstrap_port", port);
      members.put("bootstrap_room", room(rooms));
      return members;
    }
    ArrayNode hosts = members.putArray("bootstrap_host");
    ArrayNode ports = members.putArray("bootstrap_port");
    ArrayNode roomIds = members.putArray("bootstrap_room");
    for (int i = 0; i < batch; i++) {
      hosts.add(host);
      ports.add(port);
      roomIds.add(room(rooms));
    }
    return members;
  }

  /**
   * How many sequences SGLang makes of the request, or 0 when it is not batched: chat with
   * {@code n > 1}; completions whose prompt is a list of prompts (strings or token lists), while a
   * list of token ids is one prompt.
   */
  static int batchSize(RequestKind kind, JsonNode body) {
    if (kind == RequestKind.CHAT) {
      int n = body.path("n").asInt(1);
      return n > 1 ? n : 0;
    }
    JsonNode prompt = body.path("prompt");
    if (!prompt.isArray() || prompt.isEmpty() || prompt.get(0).isNumber()) {
      return 0;
    }
    return prompt.size();
  }

  /** A room in [0, 2^63-1], as SGLang's gateway draws them. */
  private static long room(SplittableRandom random) {
    return random.nextLong() & Long.MAX_VALUE;
  }

  /**
   * The rendezvous Baton minted for this request folded into 64 bits: both legs derive the same rooms
   * from it, and a fresh rendezvous per request gives fresh rooms.
   */
  private static long seed(String rendezvous) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < rendezvous.length(); i++) {
      h = (h ^ rendezvous.charAt(i)) * 0x100000001b3L;
    }
    return h;
  }
}
