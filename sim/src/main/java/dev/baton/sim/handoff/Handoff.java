package dev.baton.sim.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.sim.SimConfig;
import dev.baton.sim.engine.Engine;
import dev.baton.sim.engine.Sequence;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.OptionalInt;

/**
 * The NIXL-style prefill/decode handoff of one worker: the handle a prefill answers with, and the
 * pull a decode makes from the prefill's side channel (see protocols.md section 3). The transfer's
 * duration ({@code tokens x kvBytesPerToken / kvBandwidthGBps}, over the speed) is paid by the
 * decode before its request enters the engine.
 */
public final class Handoff {

  /** Path of the pull endpoint on the side channel. */
  public static final String PULL_PATH = "/kv/pull";

  /** Path where an SGLang decode takes the KV of a bootstrap room. */
  public static final String ROOM_PATH = "/kv/room";

  /** Path where a Mooncake decode takes the KV of a transfer id (the simulator's RDMA read). */
  public static final String TRANSFER_PATH = "/kv/transfer";

  /** Path of the Mooncake bootstrap server's engine ids by data-parallel rank. */
  public static final String QUERY_PATH = "/query";

  /** How long a room's taker waits for its prefill, wall-clock ms. */
  static final long ROOM_WAIT_MS = 30_000;

  private final Vertx vertx;
  private final SimConfig config;
  private final Engine engine;
  private final String engineId;
  private final HttpClient client;
  private volatile int sideChannelPort;

  /** The outcome of a successful pull. */
  public record Pulled(int tokens, int blocks) {}

  public Handoff(Vertx vertx, SimConfig config, Engine engine, String engineId) {
    this.vertx = vertx;
    this.config = config;
    this.engine = engine;
    this.engineId = engineId;
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000));
  }

  public String engineId() {
    return engineId;
  }

  void sideChannelPort(int port) {
    this.sideChannelPort = port;
  }

  public int sideChannelPort() {
    return sideChannelPort;
  }

  /** The {@code kv_transfer_params} a prefill answers with, naming the blocks it now holds. */
  public ObjectNode paramsFor(Sequence seq) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("do_remote_prefill", true);
    p.put("do_remote_decode", false);
    ArrayNode ids = p.putArray("remote_block_ids");
    for (int b : seq.blockIds()) {
      ids.add(b);
    }
    p.put("remote_engine_id", engineId);
    p.put("remote_request_id", seq.requestId());
    p.put("remote_host", config.host());
    p.put("remote_port", sideChannelPort);
    p.put("tp_size", 1);
    return p;
  }

  /**
   * Pulls the KV a handle names and waits out the simulated transfer. Fails when the handle is
   * incomplete, names a side channel this worker may not dial, or is unknown there; the caller then
   * prefills locally.
   */
  public Future<Pulled> pull(JsonNode params) {
    JsonNode blocks = params.get("remote_block_ids");
    JsonNode engine = params.get("remote_engine_id");
    JsonNode request = params.get("remote_request_id");
    JsonNode host = params.get("remote_host");
    JsonNode port = params.get("remote_port");
    if (blocks == null || !blocks.isArray() || engine == null || !engine.isTextual() || request == null
        || !request.isTextual() || host == null || !host.isTextual() || port == null || !port.canConvertToInt()) {
      return Future.failedFuture("invalid KVTransferParams: a field is missing");
    }
    if (!KvPeers.allowed(host.asText(), port.asInt(), config.kvPeers())) {
      return Future.failedFuture("KV side channel " + host.asText() + ":" + port.asInt() + " is not a known peer");
    }
    JsonObject body = new JsonObject()
        .put("remote_engine_id", engine.asText())
        .put("remote_request_id", request.asText())
        .put("remote_block_ids", new io.vertx.core.json.JsonArray(blocksList(blocks)));
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host.asText())
        .setPort(port.asInt()).setURI(PULL_PATH).setTimeout(10_000);
    return client.request(options)
        .compose(req -> req.send(body.toBuffer()))
        .compose(resp -> resp.body().compose(b -> resp.statusCode() == 200
            ? Future.succeededFuture(b)
            : Future.failedFuture("KV pull answered " + resp.statusCode())))
        .compose(this::afterTransfer);
  }

  /**
   * Takes the KV an SGLang prefill holds in {@code room} from its bootstrap server at {@code host:port}
   * (this simulator's side channel), waiting there for the prefill to finish, then waits out the
   * transfer. Fails when the address is not a known peer or the room never fills.
   */
  public Future<Pulled> pullRoom(String host, int port, long room) {
    if (host == null || !KvPeers.allowed(host, port, config.kvPeers())) {
      return Future.failedFuture("bootstrap server " + host + ":" + port + " is not a known peer");
    }
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
        .setURI(ROOM_PATH).setTimeout(ROOM_WAIT_MS + 5_000);
    return client.request(options)
        .compose(req -> req.send(new JsonObject().put("room", room).toBuffer()))
        .compose(resp -> resp.body().compose(b -> resp.statusCode() == 200
            ? Future.succeededFuture(b)
            : Future.failedFuture("bootstrap room " + room + " answered " + resp.statusCode())))
        .compose(this::afterTransfer);
  }

  /**
   * Takes the KV a Mooncake prefill holds for {@code transferId} from the bootstrap server at
   * {@code host:port} (this simulator's side channel), from the engine {@code engineId} behind it,
   * waiting there for the prefill to finish, then waits out the transfer. Fails when the address is
   * not a known peer or the transfer never comes.
   */
  public Future<Pulled> pullTransfer(String host, int port, String engineIdAsked, String transferId) {
    if (host == null || !KvPeers.allowed(host, port, config.kvPeers())) {
      return Future.failedFuture("bootstrap server " + host + ":" + port + " is not a known peer");
    }
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
        .setURI(TRANSFER_PATH).setTimeout(ROOM_WAIT_MS + 5_000);
    return client.request(options)
        .compose(req -> req.send(new JsonObject().put("engine_id", engineIdAsked)
            .put("transfer_id", transferId).toBuffer()))
        .compose(resp -> resp.body().compose(b -> resp.statusCode() == 200
            ? Future.succeededFuture(b)
            : Future.failedFuture("transfer " + transferId + " answered " + resp.statusCode())))
        .compose(this::afterTransfer);
  }

  /** The key a Mooncake prefill holds a transfer's blocks under. */
  public static String transferKey(String transferId) {
    return "xfer:" + transferId;
  }

  /** The blocks a Mooncake prefill holds for {@code transferId}, once; empty until they are. */
  OptionalInt takeTransfer(String transferId) {
    return engine.held().take(transferKey(transferId));
  }

  /** The blocks held in an SGLang bootstrap room, once; empty while the room is not filled. */
  OptionalInt takeRoom(long room) {
    return engine.held().take(dev.baton.sim.sglang.Bootstrap.heldKey(room));
  }

  private Future<Pulled> afterTransfer(Buffer answer) {
    JsonObject json = answer.toJsonObject();
    Pulled pulled = new Pulled(json.getInteger("tokens"), json.getInteger("blocks"));
    double seconds = (double) pulled.tokens() * config.kvBytesPerToken() / (config.kvBandwidthGBps() * 1e9);
    long ms = Math.round(seconds * 1000 / config.speed());
    if (ms < 1) {
      return Future.succeededFuture(pulled);
    }
    return vertx.timer(ms).map(v -> pulled);
  }

  /** Answers a pull on the side channel: hands over the held blocks once, or says they are unknown. */
  OptionalInt handOver(String engineIdAsked, String requestId, int[] blockIds) {
    if (!engineId.equals(engineIdAsked)) {
      return OptionalInt.empty();
    }
    return engine.held().pull(requestId, blockIds);
  }

  private static java.util.List<Object> blocksList(JsonNode blocks) {
    java.util.List<Object> list = new java.util.ArrayList<>();
    for (JsonNode b : blocks) {
      list.add(b.asInt());
    }
    return list;
  }

  public Future<Void> close() {
    return client.close();
  }
}
