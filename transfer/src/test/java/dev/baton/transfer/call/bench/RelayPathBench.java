package dev.baton.transfer.call.bench;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Role;
import dev.baton.transfer.breaker.EndpointBreakers;
import dev.baton.transfer.call.Failover;
import dev.baton.transfer.call.WorkerCalls;
import dev.baton.transfer.call.WorkerPolicy;
import dev.baton.transfer.exchange.SingleLegExchange;
import dev.baton.transfer.relay.Downstream;
import dev.baton.transfer.relay.RelayCounters;
import dev.baton.transfer.relay.ResponseRelay;
import dev.baton.transfer.retry.RetryBudgets;
import dev.baton.transfer.upstream.HopByHop;
import dev.baton.transfer.upstream.UpstreamRequest;
import dev.baton.transfer.upstream.UpstreamTimeouts;
import dev.baton.transfer.upstream.WorkerClient;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One proxied streaming request's cost in the transfer module, in one JVM over real sockets: a
 * client (32 in flight) posts to a front that forwards each request through
 * {@link SingleLegExchange} (the worker-call stack, the relay, the error mapping) to a worker that
 * answers a 33-event SSE stream, as nginx does in scripts/bench-proxy, with its own head
 * ({@code Server}, {@code Connection: keep-alive}). Prints the process's CPU time and the bytes
 * all threads allocated per request, for the whole loop (client, front, worker); run once per
 * build, in alternate rounds, with that build's classes first on the class path:
 * {@code java -cp <build's jar>:<test classes> dev.baton.transfer.call.bench.RelayPathBench}.
 */
public final class RelayPathBench {
  private static final int IN_FLIGHT = 32;

  private RelayPathBench() {}

  private static Buffer sse() {
    StringBuilder s = new StringBuilder();
    String head = "data: {\"id\":\"cmpl-bench\",\"object\":\"chat.completion.chunk\",\"model\":\"m\","
        + "\"choices\":[{\"index\":0,";
    s.append(head).append("\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
    for (int i = 1; i <= 30; i++) {
      s.append(head).append("\"delta\":{\"content\":\" token").append(i)
          .append("\"},\"finish_reason\":null}]}\n\n");
    }
    s.append(head).append("\"delta\":{},\"finish_reason\":\"length\"}]}\n\ndata: [DONE]\n\n");
    return Buffer.buffer(s.toString());
  }

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(3));
    Buffer answer = sse();
    int workerPort = vertx.createHttpServer()
        .requestHandler(req -> req.end().onComplete(v -> req.response()
            .putHeader("Server", "nginx/1.24.0").putHeader("Content-Type", "text/event-stream")
            .putHeader("Connection", "keep-alive").setChunked(true).end(answer)))
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
    WorkerClient client = new WorkerClient(vertx, UpstreamTimeouts.DEFAULTS);
    WorkerCalls calls = new WorkerCalls(client, new ResponseRelay(vertx, new RelayCounters()),
        new EndpointBreakers(), new RetryBudgets());
    SingleLegExchange single = new SingleLegExchange(calls);
    EndpointState endpoint = new EndpointState(new Endpoint("w", "http", "127.0.0.1", workerPort,
        Role.BOTH, Set.of("m"), Map.of()));
    int frontPort = vertx.createHttpServer()
        .requestHandler(req -> req.body().onSuccess(body -> single.forward(
            new Downstream(req, "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"), endpoint,
            UpstreamRequest.post("/v1/chat/completions", HopByHop.endToEnd(req.headers()), body), 1,
            Failover.NONE, () -> {}, WorkerPolicy.DEFAULTS)))
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
    HttpClientAgent load = vertx.httpClientBuilder().with(new HttpClientOptions().setKeepAlive(true))
        .with(new PoolOptions().setHttp1MaxSize(IN_FLIGHT)).build();
    Buffer body = Buffer.buffer("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
        + "\"Say something short about proxies.\"}],\"max_tokens\":32,\"stream\":true}");
    RequestOptions post = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
        .setPort(frontPort).setURI("/v1/chat/completions").putHeader("content-type", "application/json");
    ClosedLoop.measure(vertx, "request", requests, IN_FLIGHT, () -> load.request(post)
        .compose(req -> req.send(body))
        .compose(resp -> resp.body().map(b -> resp.statusCode() == 200 && b.length() == answer.length())));
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
