package dev.baton.server.sidecar;

import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.WorkerUrl;
import dev.baton.transfer.breaker.EndpointBreakers;
import dev.baton.transfer.call.WorkerCalls;
import dev.baton.transfer.error.OpenAiError;
import dev.baton.transfer.exchange.SingleLegExchange;
import dev.baton.transfer.handoff.Dialects;
import dev.baton.transfer.handoff.HandoffCounters;
import dev.baton.transfer.handoff.HandoffDialect;
import dev.baton.transfer.handoff.PrefillLookups;
import dev.baton.transfer.handoff.SequentialDialect;
import dev.baton.transfer.protocol.Exchanges;
import dev.baton.transfer.relay.RelayCounters;
import dev.baton.transfer.relay.ResponseRelay;
import dev.baton.transfer.retry.RetryBudgets;
import dev.baton.transfer.upstream.UpstreamTimeouts;
import dev.baton.transfer.upstream.WorkerClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code baton sidecar}: in front of the decode engine of a pod, it runs llm-d's P/D contract. A
 * completions or chat request naming an allowed prefill endpoint in {@code x-prefiller-host-port}
 * is split (prefill there, decode here); everything else goes to the local engine unchanged.
 */
public final class SidecarServer {
  private final HttpServer server;
  private final WorkerClient client;
  private final PrefillAllowList allowed;

  private SidecarServer(HttpServer server, WorkerClient client, PrefillAllowList allowed) {
    this.server = server;
    this.client = client;
    this.allowed = allowed;
  }

  /**
   * Starts the sidecar; fails at once on an unknown dialect or one that is not sequential (a
   * concurrent dialect needs the prefill's bootstrap port, which the header does not carry).
   *
   * @param pools the YAML of {@link SidecarOptions#poolConfig()}, or null
   */
  public static Future<SidecarServer> start(Vertx vertx, SidecarOptions options, BatonConfig pools) {
    HandoffDialect dialect = Dialects.find(options.dialect()).orElse(null);
    if (!(dialect instanceof SequentialDialect)) {
      return Future.failedFuture(new IllegalArgumentException("--dialect " + options.dialect()
          + ": the sidecar runs a sequential handoff dialect, one of "
          + Dialects.names().stream().filter(n -> Dialects.get(n) instanceof SequentialDialect)
              .toList()));
    }
    WorkerUrl decode;
    try {
      decode = WorkerUrl.parse(options.decodeUrl());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new IllegalArgumentException("--decode: " + e.getMessage()));
    }
    WorkerClient client = new WorkerClient(vertx, UpstreamTimeouts.DEFAULTS);
    Exchanges exchanges = new Exchanges(new SingleLegExchange(new WorkerCalls(client,
        new ResponseRelay(vertx, new RelayCounters()), new EndpointBreakers(), new RetryBudgets())),
        new HandoffCounters(), new PrefillLookups(vertx));
    LocalPassthrough passthrough = new LocalPassthrough(vertx.createHttpClient(), decode);
    return PrefillAllowList.open(vertx, options.allowedPrefill(), pools).compose(allowed -> {
      SidecarHandler handler =
          new SidecarHandler(exchanges, dialect, options.decodeUrl(), allowed);
      return vertx.createHttpServer(new HttpServerOptions()
              .setHost(options.host()).setPort(options.port()))
          .requestHandler(request -> route(request, handler, passthrough, options.maxBodyBytes()))
          .listen()
          .map(server -> new SidecarServer(server, client, allowed));
    });
  }

  private static void route(HttpServerRequest request, SidecarHandler handler,
      LocalPassthrough passthrough, long maxBodyBytes) {
    String path = request.path();
    if (request.method() != HttpMethod.POST
        || !(path.equals("/v1/completions") || path.equals("/v1/chat/completions"))) {
      passthrough.forward(request);
      return;
    }
    Buffer body = Buffer.buffer();
    request.handler(chunk -> {
      if (body.length() + chunk.length() > maxBodyBytes) {
        request.pause();
        OpenAiError.payloadTooLarge(maxBodyBytes).send(request.response())
            .onComplete(v -> request.connection().close());
        return;
      }
      body.appendBuffer(chunk);
    });
    request.endHandler(v -> {
      if (!request.response().headWritten()) {
        handler.serve(request, body);
      }
    });
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close()
        .eventually(allowed::close)
        .eventually(() -> client.closeAsync());
  }
}
