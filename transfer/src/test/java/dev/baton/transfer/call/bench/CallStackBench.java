package dev.baton.transfer.call.bench;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Role;
import dev.baton.transfer.breaker.EndpointBreakers;
import dev.baton.transfer.call.AttemptEnd;
import dev.baton.transfer.call.CallRequest;
import dev.baton.transfer.call.Failover;
import dev.baton.transfer.call.HttpAnswer;
import dev.baton.transfer.call.WholeAnswer;
import dev.baton.transfer.call.WorkerCall;
import dev.baton.transfer.call.WorkerCalls;
import dev.baton.transfer.call.WorkerPolicy;
import dev.baton.transfer.relay.RelayCounters;
import dev.baton.transfer.relay.ResponseRelay;
import dev.baton.transfer.retry.RetryBudgets;
import dev.baton.transfer.upstream.UpstreamRequest;
import dev.baton.transfer.upstream.UpstreamTimeouts;
import dev.baton.transfer.upstream.WorkerClient;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The worker-call stack's cost per call in one JVM, over a real socket to a worker on the same
 * Vert.x answering at once: calls run on one event loop, 32 in flight, through
 * {@link WorkerCalls#run} (retries, breaker, lease, first-byte timeout, send, answer read whole).
 * Prints the CPU time and bytes allocated per call by all threads of the process; run it once per
 * build, in alternate rounds, with that build's classes first on the class path:
 * {@code java -cp <build's jar>:<test classes> dev.baton.transfer.call.bench.CallStackBench}.
 * Allocation is the steadier figure on a loaded machine.
 */
public final class CallStackBench {
  private static final int IN_FLIGHT = 32;

  private CallStackBench() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    Buffer answer = Buffer.buffer("{\"id\":\"cmpl-1\",\"choices\":[{\"text\":\"ok\"}]}");
    int port = vertx.createHttpServer()
        .requestHandler(req -> req.end().onComplete(v -> req.response()
            .putHeader("content-type", "application/json").end(answer)))
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
    WorkerClient client = new WorkerClient(vertx, UpstreamTimeouts.DEFAULTS);
    WorkerCalls workerCalls = new WorkerCalls(client, new ResponseRelay(vertx, new RelayCounters()),
        new EndpointBreakers(), new RetryBudgets());
    WorkerCall<HttpAnswer> stack = workerCalls.stack(new WholeAnswer(1 << 16));
    EndpointState endpoint = new EndpointState(new Endpoint("w", "http", "127.0.0.1", port,
        Role.BOTH, Set.of("m"), Map.of()));
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json")
        .add("x-request-id", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")
        .add("x-forwarded-for", "127.0.0.1").add("x-forwarded-proto", "http");
    Buffer body = Buffer.buffer("{\"model\":\"m\",\"prompt\":\"Say something short.\",\"max_tokens\":8}");
    UpstreamRequest request = UpstreamRequest.post("/v1/completions", headers, body);
    ClosedLoop.measure(vertx, "call", calls, IN_FLIGHT, () -> workerCalls.run(stack,
        CallRequest.detached(request, 1, WorkerPolicy.DEFAULTS, Failover.NONE,
            workerCalls.retryRule(WorkerPolicy.DEFAULTS)), endpoint)
        .map(end -> end instanceof AttemptEnd.Answered<HttpAnswer>));
    client.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
