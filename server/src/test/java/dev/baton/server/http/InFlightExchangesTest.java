package dev.baton.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.testing.Await;
import dev.baton.transfer.error.OpenAiError;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-event-loop sets of requests in flight, over real sockets: four event loops take requests
 * at once from four client threads, short ones coming and going beside long ones held open; the
 * count adds up over the loops, and ending them all reaches every request on every loop.
 */
class InFlightExchangesTest {
  private static final int LOOPS = 4;
  private static final int HELD = 48;
  private static final int SHORT_PER_THREAD = 400;
  private static final OpenAiError CUT =
      new OpenAiError(503, "test shutdown", "service_unavailable", null, "shutting_down");

  private final Vertx vertx = Vertx.vertx();
  private final ExecutorService threads = Executors.newFixedThreadPool(LOOPS);
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void tearDown() {
    threads.shutdownNow();
    client.close();
    Await.get(vertx.close());
  }

  @Test
  void theCountAddsUpOverLoopsAndInterruptingReachesEveryRequest() throws Exception {
    InFlightExchanges exchanges = new InFlightExchanges();
    EventLoopServers servers = Await.get(EventLoopServers.listen(vertx,
        new HttpServerOptions().setPort(0),
        () -> {
          Router router = Router.router(vertx);
          router.route("/*").handler(exchanges.then(RoutingContext::next));
          router.get("/short").handler(ctx -> ctx.response().end("ok"));
          router.get("/held").handler(ctx -> ctx.response().setChunked(true).write("held\n"));
          return router;
        },
        req -> req.response().setStatusCode(400).end(),
        conn -> {},
        LOOPS));
    String base = "http://127.0.0.1:" + servers.port();

    List<CompletableFuture<HttpResponse<InputStream>>> held = new ArrayList<>();
    for (int i = 0; i < HELD; i++) {
      held.add(client.sendAsync(get(base + "/held"), HttpResponse.BodyHandlers.ofInputStream()));
    }
    List<Future<?>> churn = new ArrayList<>();
    for (int t = 0; t < LOOPS; t++) {
      churn.add(threads.submit(() -> {
        for (int i = 0; i < SHORT_PER_THREAD; i++) {
          HttpResponse<String> r = client.send(get(base + "/short"),
              HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).isEqualTo(200);
        }
        return null;
      }));
    }
    for (CompletableFuture<HttpResponse<InputStream>> h : held) {
      assertThat(h.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    for (Future<?> c : churn) {
      c.get(2, TimeUnit.MINUTES);
    }

    // Every short request left its loop's set; the held ones are all counted.
    Await.until("only the held requests remain", () -> exchanges.size() == HELD);

    exchanges.interruptAll(CUT);

    Await.until("every held request ended", () -> exchanges.size() == 0);
    for (CompletableFuture<HttpResponse<InputStream>> h : held) {
      try (InputStream body = h.get().body()) {
        // The connection is reset: the body ends (or fails) instead of waiting forever.
        assertThat(readToEnd(body)).isLessThanOrEqualTo("held\n".length());
      }
    }
  }

  private static HttpRequest get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
  }

  private static int readToEnd(InputStream body) {
    int n = 0;
    try {
      while (body.read() >= 0) {
        n++;
      }
    } catch (java.io.IOException cut) {
      // A reset connection may surface as an error: it ended.
    }
    return n;
  }
}
