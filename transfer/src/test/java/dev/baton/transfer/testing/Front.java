package dev.baton.transfer.testing;

import dev.baton.transfer.call.AttemptReport;
import dev.baton.transfer.handoff.PrefillResult;
import dev.baton.transfer.relay.Downstream;
import dev.baton.transfer.relay.ExchangeListener;
import dev.baton.transfer.relay.RelayOutcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The client side of exchanges under test: an HTTP server on a free port that hands each request,
 * as a {@link Downstream}, to the exchange the test wires, and keeps how each one ended. It stands
 * in for Baton's front door without parsing, auth or admission.
 */
public final class Front implements AutoCloseable {

  /** Runs one exchange for a request whose body has been read. */
  @FunctionalInterface
  public interface Exchange {
    Future<RelayOutcome> run(Downstream down, HttpServerRequest request, Buffer body);
  }

  public final List<RelayOutcome> outcomes = new CopyOnWriteArrayList<>();
  public final List<PrefillResult> prefillResults = new CopyOnWriteArrayList<>();
  public final List<AttemptReport> attempts = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  private Front(HttpServer server) {
    this.server = server;
  }

  public static Front start(Vertx vertx, Exchange exchange) {
    Front[] self = new Front[1];
    HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      String id = req.getHeader("x-request-id");
      ExchangeListener listener = new ExchangeListener() {
        @Override
        public void onPrefillEnd(long nanos, PrefillResult outcome) {
          self[0].prefillResults.add(outcome);
        }

        @Override
        public void onAttempt(AttemptReport attempt) {
          self[0].attempts.add(attempt);
        }
      };
      Downstream down =
          new Downstream(req, id != null ? id : UUID.randomUUID().toString(), listener);
      exchange.run(down, req, body).onComplete(ar ->
          self[0].outcomes.add(ar.succeeded() ? ar.result() : RelayOutcome.UPSTREAM_FAILED));
    }));
    self[0] = new Front(Await.get(server.listen(0, "127.0.0.1")));
    return self[0];
  }

  public int port() {
    return server.actualPort();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  @Override
  public void close() {
    Await.get(server.close());
  }

}
