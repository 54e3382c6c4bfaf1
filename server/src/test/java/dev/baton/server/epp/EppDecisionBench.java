package dev.baton.server.epp;

import dev.baton.router.endpoint.Role;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.health.HealthCheckConfig;
import dev.baton.server.testing.Await;
import com.google.protobuf.ByteString;
import dev.baton.server.accesslog.AccessLog;
import dev.baton.server.http.Guards;
import dev.baton.server.metrics.RequestObserver;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.grpc.client.GrpcClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Decision latency in EPP mode, what a gateway waits for per request: from the request headers to
 * the pick and the body streamed back (FULL_DUPLEX_STREAMED), over a real gRPC stream on loopback,
 * with Baton's default scheduling profile over a 16-endpoint pool and a 1,500-character chat
 * prompt. One stream per request, one request at a time. Not a unit test: run it with
 * {@code java -cp} (the command is in docs/gateway.md).
 */
public final class EppDecisionBench {
  private EppDecisionBench() {}

  /**
   * The picker's own work, without the network: parse, admission, scheduling (with fallbacks),
   * the answers built and serialised, the exchange ended; on one thread, as on an event loop.
   */
  private static void inProcess(EppServer epp, String body, int warmup, int measured) {
    BatonConfig config = epp.runtime().get().config();
    RuntimePicker picker = new RuntimePicker(epp.runtime(),
        Guards.of(Vertx.vertx(), config.auth(), config.limits(), config.admission()).gate(),
        new RequestObserver(epp.metrics(), AccessLog.toLogger()), 2);
    Map<String, String> headers = Map.of(":path", "/v1/chat/completions", "x-request-id", "bench");
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    for (int i = 0; i < warmup + measured; i++) {
      ByteString bytes = ByteString.copyFromUtf8(body.formatted(i));
      long start = System.nanoTime();
      Pick pick = picker.pick(new PickRequest(headers, bytes, false, Optional.empty()),
              Promise.<Void>promise().future())
          .toCompletionStage().toCompletableFuture().join();
      Pick.Routed routed = (Pick.Routed) pick;
      int size = 0;
      for (ProcessingResponse answer : PickStage.DUPLEX_BODY.answers(routed, bytes, 0)) {
        size += answer.toByteArray().length;
      }
      long took = System.nanoTime() - start;
      routed.request().end(true);
      if (size == 0) {
        throw new IllegalStateException("empty answers");
      }
      if (i >= warmup) {
        histogram.recordValue(took);
      }
    }
    report("in process", measured, histogram);
  }

  private static void report(String how, int measured, Histogram histogram) {
    System.out.printf("EPP decision %s, %d requests: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms,"
            + " p99.9 %.3f ms, max %.3f ms%n", how, measured,
        histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(90) / 1e6,
        histogram.getValueAtPercentile(99) / 1e6, histogram.getValueAtPercentile(99.9) / 1e6,
        histogram.getMaxValue() / 1e6);
  }

  public static void main(String[] args) {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    int measured = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    Vertx vertx = Vertx.vertx();
    List<EndpointConfig> endpoints = new ArrayList<>();
    for (int i = 1; i <= 16; i++) {
      // Nothing listens there: probed once (an hour apart), the endpoints stay schedulable.
      endpoints.add(new EndpointConfig("http://127.0.0." + i + ":1", Role.BOTH, null, null));
    }
    BatonConfig config = new BatonConfig(null, null,
        List.of(new PoolConfig("pool", List.of("bench-model"), "none", null, endpoints)),
        null, new HealthCheckConfig(null, Duration.ofHours(1), null, null, null), null);
    EppServer epp = Await.get(EppServer.start(vertx, config, EppOptions.loopback()));
    GrpcClient client = GrpcClient.client(vertx);
    EppHarness harness = new EppHarness(epp, client);
    String body = "{\"model\":\"bench-model\",\"stream\":true,\"max_tokens\":128,\"messages\":"
        + "[{\"role\":\"system\",\"content\":\"" + "You route batons. ".repeat(60) + "\"},"
        + "{\"role\":\"user\",\"content\":\"question %d\"}]}";
    inProcess(epp, body, warmup, measured);
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    for (int i = 0; i < warmup + measured; i++) {
      EnvoyStream envoy = harness.stream();
      long start = System.nanoTime();
      envoy.send(EnvoyMessages.requestHeaders("/v1/chat/completions", Map.of(), false).build());
      envoy.send(EnvoyMessages.requestBody(body.formatted(i), true));
      ProcessingResponse pick = envoy.next();
      envoy.next();
      long took = System.nanoTime() - start;
      if (!pick.hasRequestHeaders()) {
        throw new IllegalStateException("no pick: " + pick);
      }
      envoy.send(EnvoyMessages.responseHeaders(200, "text/event-stream", null));
      envoy.next();
      envoy.send(EnvoyMessages.responseBody("data: [DONE]\n\n", true));
      envoy.next();
      envoy.finish();
      if (i >= warmup) {
        histogram.recordValue(took);
      }
    }
    report("over loopback gRPC", measured, histogram);
    Await.get(epp.close());
    Await.get(client.close());
    Await.get(vertx.close());
  }
}
