package dev.baton.sim.handoff;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The tiny HTTP endpoint a prefill worker serves at the {@code remote_host:remote_port} of its
 * handles, standing in for NIXL's RDMA reads: {@code POST /kv/pull} with {@code remote_engine_id},
 * {@code remote_request_id} and {@code remote_block_ids} answers {@code {"tokens","blocks"}} and
 * releases the held blocks, or 404 when they are not held here. It also plays the bootstrap servers
 * of SGLang ({@code /kv/room}) and vLLM's Mooncake connector ({@code GET /query}, {@code /kv/transfer}).
 */
public final class KvSideChannel {

  private final Handoff handoff;
  /** Every rank of this worker, by rank: Mooncake's bootstrap server speaks for all of them. */
  private volatile List<Handoff> ranks;
  private HttpServer server;
  private String host;

  public KvSideChannel(Handoff handoff) {
    this.handoff = handoff;
    this.ranks = List.of(handoff);
  }

  /** The handoffs of every rank of this worker, in rank order (Mooncake's {@code /query}). */
  public void ranks(List<Handoff> all) {
    this.ranks = List.copyOf(all);
  }

  /** Listens on the configured host and port (0 picks one); call on the worker's context. */
  public Future<Integer> listen(Vertx vertx, String host, int port) {
    this.host = host;
    Router router = Router.router(vertx);
    router.post(Handoff.PULL_PATH).handler(BodyHandler.create().setBodyLimit(16 * 1024 * 1024)).handler(ctx -> {
      JsonObject body;
      try {
        body = ctx.body().asJsonObject();
      } catch (RuntimeException e) {
        body = null;
      }
      if (body == null) {
        ctx.response().setStatusCode(400).end();
        return;
      }
      JsonArray ids = body.getJsonArray("remote_block_ids", new JsonArray());
      int[] blocks = new int[ids.size()];
      for (int i = 0; i < blocks.length; i++) {
        blocks[i] = ids.getInteger(i);
      }
      OptionalInt tokens = handoff.handOver(body.getString("remote_engine_id", ""),
          body.getString("remote_request_id", ""), blocks);
      if (tokens.isEmpty()) {
        ctx.response().setStatusCode(404).end();
        return;
      }
      ctx.json(new JsonObject().put("tokens", tokens.getAsInt()).put("blocks", blocks.length));
    });
    router.post(Handoff.ROOM_PATH).handler(BodyHandler.create().setBodyLimit(4096)).handler(ctx -> {
      Long room;
      try {
        room = ctx.body().asJsonObject().getLong("room");
      } catch (RuntimeException e) {
        room = null;
      }
      if (room == null) {
        ctx.response().setStatusCode(400).end();
        return;
      }
      long taken = room;
      await(vertx, ctx.response(), () -> handoff.takeRoom(taken),
          System.nanoTime() + Handoff.ROOM_WAIT_MS * 1_000_000);
    });
    // Mooncake's bootstrap server: {"<dp_rank>": {"engine_id": ...}} (vLLM mooncake_utils).
    router.get(Handoff.QUERY_PATH).handler(ctx -> {
      JsonObject byRank = new JsonObject();
      for (int i = 0; i < ranks.size(); i++) {
        byRank.put(Integer.toString(i), new JsonObject().put("engine_id", ranks.get(i).engineId()));
      }
      ctx.json(byRank);
    });
    router.post(Handoff.TRANSFER_PATH).handler(BodyHandler.create().setBodyLimit(4096)).handler(ctx -> {
      JsonObject body;
      try {
        body = ctx.body().asJsonObject();
      } catch (RuntimeException e) {
        body = null;
      }
      String engineId = body == null ? null : body.getString("engine_id");
      String transferId = body == null ? null : body.getString("transfer_id");
      // No engine id (P2P-NCCL names only the address): this side channel's own engine.
      Handoff holder = engineId == null ? handoff
          : ranks.stream().filter(h -> h.engineId().equals(engineId)).findFirst().orElse(null);
      if (transferId == null || holder == null) {
        ctx.response().setStatusCode(holder == null && transferId != null ? 404 : 400).end();
        return;
      }
      await(vertx, ctx.response(), () -> holder.takeTransfer(transferId),
          System.nanoTime() + Handoff.ROOM_WAIT_MS * 1_000_000);
    });
    server = vertx.createHttpServer().requestHandler(router);
    return server.listen(port, host).map(s -> {
      handoff.sideChannelPort(s.actualPort());
      KvPeers.registerLocal(host, s.actualPort());
      return s.actualPort();
    });
  }

  /**
   * Answers once the prefill has filled the room or transfer {@code take} takes (SGLang's and
   * Mooncake's decodes wait on the bootstrap server the same way), checking every millisecond; 404
   * when the deadline passes or the taker left.
   */
  private void await(Vertx vertx, HttpServerResponse response, Supplier<OptionalInt> take,
      long deadline) {
    OptionalInt tokens = take.get();
    if (tokens.isPresent()) {
      response.putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("tokens", tokens.getAsInt()).put("blocks", 0).toBuffer());
    } else if (response.closed() || System.nanoTime() > deadline) {
      response.setStatusCode(404).end();
    } else {
      vertx.setTimer(1, id -> await(vertx, response, take, deadline));
    }
  }

  public Future<Void> close() {
    if (server == null) {
      return Future.succeededFuture();
    }
    KvPeers.unregisterLocal(host, server.actualPort());
    return server.close();
  }
}
