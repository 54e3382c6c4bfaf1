package dev.baton.transfer.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.Role;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A call goes out on a connection of the event loop that makes it, so none of its messages cross
 * to another loop's thread: calls made in turn from two loops to one worker use one connection per
 * loop, each loop always its own, though one connection alone would have served them all in turn.
 */
class WorkerClientLoopTest {
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void eachEventLoopCallsOnItsOwnConnections() throws Exception {
    // The worker notes which connection (the client's port) each loop's calls came on.
    Map<String, Set<Integer>> portsByLoop = new ConcurrentHashMap<>();
    int port = vertx.createHttpServer()
        .requestHandler(req -> {
          portsByLoop.computeIfAbsent(req.getHeader("x-loop"), loop -> ConcurrentHashMap.newKeySet())
              .add(req.remoteAddress().port());
          req.response().end("{}");
        })
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
    WorkerClient client = new WorkerClient(vertx, UpstreamTimeouts.DEFAULTS);
    Endpoint worker = new Endpoint("w", "http", "127.0.0.1", port, Role.BOTH, Set.of("m"), Map.of());
    ContextInternal first = ((VertxInternal) vertx).createEventLoopContext();
    ContextInternal second = ((VertxInternal) vertx).createEventLoopContext();
    assertThat(first.nettyEventLoop()).isNotSameAs(second.nettyEventLoop());

    for (int i = 0; i < 10; i++) {
      // One call at a time, each read to its end: the previous call's connection is free again.
      call(client, worker, first, "first");
      call(client, worker, second, "second");
    }

    assertThat(portsByLoop.get("first")).as("the first loop's calls").hasSize(1);
    assertThat(portsByLoop.get("second")).as("the second loop's calls").hasSize(1);
    assertThat(portsByLoop.get("first")).doesNotContainAnyElementsOf(portsByLoop.get("second"));
  }

  private static void call(WorkerClient client, Endpoint worker, ContextInternal context, String loop)
      throws Exception {
    CompletableFuture<Buffer> body = new CompletableFuture<>();
    context.runOnContext(v -> {
      UpstreamCall call = UpstreamCall.pending();
      client.send(worker, UpstreamRequest.post("/v1/completions",
          MultiMap.caseInsensitiveMultiMap().add("x-loop", loop), Buffer.buffer("{}")), call,
          Duration.ofSeconds(5));
      call.response().compose(r -> r.body()).onComplete((b, err) -> {
        if (err != null) {
          body.completeExceptionally(err);
        } else {
          body.complete(b);
        }
      });
    });
    assertThat(body.get(20, TimeUnit.SECONDS).toString()).isEqualTo("{}");
  }
}
