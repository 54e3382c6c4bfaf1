package dev.baton.server.metrics;

import dev.baton.transfer.handoff.PrefillResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Health;
import dev.baton.router.scheduling.LeastInFlightScheduler;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.router.scheduling.Scheduler;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.server.accesslog.AccessLog;
import dev.baton.server.accesslog.TraceParent;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.RuntimeBuilder;
import dev.baton.server.testing.TestConfigs;
import dev.baton.transfer.handoff.HandoffCounters;
import dev.baton.transfer.handoff.PrefillFailurePolicy;
import dev.baton.transfer.relay.RelayCounters;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatonMetricsTest {
  private static final String MODEL = TestConfigs.MODEL;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final AtomicReference<BatonRuntime> runtime = new AtomicReference<>();
  private final List<String> lines = new ArrayList<>();
  private BatonMetrics metrics;
  private RequestObserver observer;
  private PrometheusMeterRegistry registry;

  static BatonRuntime split(String... prefillThenDecode) {
    BatonConfig config = TestConfigs.split("nixl", 1, PrefillFailurePolicy.DECODE, null,
        List.of(prefillThenDecode[0]), List.of(prefillThenDecode).subList(1, prefillThenDecode.length));
    return RuntimeBuilder.build(config, new LeastInFlightScheduler());
  }

  @BeforeEach
  void setUp() {
    runtime.set(split("http://10.0.0.1:8000", "http://10.0.0.2:8000", "http://10.0.0.3:8000"));
    metrics = BatonMetrics.create(runtime::get, clock::get);
    observer = new RequestObserver(metrics, AccessLog.to(lines::add));
    registry = metrics.registry();
  }

  private EndpointState endpoint(String id) {
    return runtime.get().endpoints().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
  }

  private void advanceMillis(long ms) {
    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
  }

  @Test
  void aSplitStreamedRequestFeedsEveryRequestMeterAndOneAccessLine() throws Exception {
    RoutingPlan plan = new RoutingPlan(endpoint("10.0.0.2:8000"), endpoint("10.0.0.1:8000"), 300,
        RoutingPlan.Reason.SPLIT);
    TraceParent trace = TraceParent.newTrace();
    RequestRecord r = observer.onStart("req-1", MODEL, trace);
    assertThat(registry.get("baton.requests.active").gauge().value()).isEqualTo(1);
    r.onRouted(plan, 400);
    advanceMillis(120);
    r.onPrefillLeg(Duration.ofMillis(120), PrefillResult.HANDED_OFF);
    r.onDecodeStart();
    advanceMillis(30);
    r.onTokens(1); // first token: TTFT 150 ms
    advanceMillis(20);
    r.onTokens(1);
    advanceMillis(40);
    r.onTokens(1);
    advanceMillis(10);
    r.onEnd(200, RequestOutcome.SUCCESS, new Usage(410, 3));
    r.onEnd(500, RequestOutcome.UPSTREAM_ERROR, Usage.UNKNOWN); // ignored: already ended

    assertThat(registry.get("baton.requests")
        .tags("model", MODEL, "route", "disaggregated", "outcome", "success", "status", "200")
        .counter().count()).isEqualTo(1);
    assertThat(registry.find("baton.requests").tag("outcome", "upstream_error").counter()).isNull();
    Timer ttft = registry.get("baton.request.ttft").tags("model", MODEL, "route", "disaggregated")
        .timer();
    assertThat(ttft.count()).isEqualTo(1);
    assertThat(ttft.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(150);
    Timer itl = registry.get("baton.request.itl").tag("route", "disaggregated").timer();
    assertThat(itl.count()).isEqualTo(2);
    assertThat(itl.max(TimeUnit.MILLISECONDS)).isEqualTo(40);
    assertThat(registry.get("baton.request.duration").tag("route", "disaggregated").timer()
        .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(220);
    assertThat(registry.get("baton.decode.leg.duration").tag("route", "disaggregated").timer()
        .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(100);
    assertThat(registry.get("baton.prefill.leg.duration").tags("model", MODEL, "outcome", "handed_off")
        .timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(120);
    assertThat(registry.get("baton.pd.decisions").tags("model", MODEL, "decision", "split")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get("baton.prompt.tokens").tag("model", MODEL).counter().count())
        .isEqualTo(410);
    assertThat(registry.get("baton.completion.tokens").tag("model", MODEL).counter().count())
        .isEqualTo(3);
    assertThat(registry.get("baton.prefix.estimated.cached.tokens").counter().count()).isEqualTo(100);
    assertThat(registry.get("baton.requests.active").gauge().value()).isZero();

    assertThat(lines).hasSize(1);
    JsonNode line = JSON.readTree(lines.get(0));
    assertThat(line.get("request_id").asText()).isEqualTo("req-1");
    assertThat(line.get("trace_id").asText()).isEqualTo(trace.traceId());
    assertThat(line.get("route").asText()).isEqualTo("disaggregated");
    assertThat(line.get("decision").asText()).isEqualTo("split");
    assertThat(line.get("decode_endpoint").asText()).isEqualTo("10.0.0.2:8000");
    assertThat(line.get("prefill_endpoint").asText()).isEqualTo("10.0.0.1:8000");
    assertThat(line.get("prefill_outcome").asText()).isEqualTo("handed_off");
    assertThat(line.get("ttft_ms").asDouble()).isEqualTo(150.0);
    assertThat(line.get("prompt_tokens").asInt()).isEqualTo(410);
    assertThat(line.get("completion_tokens").asInt()).isEqualTo(3);
    assertThat(line.get("status").asInt()).isEqualTo(200);
    assertThat(line.get("outcome").asText()).isEqualTo("success");
    assertThat(line.get("duration_ms").asDouble()).isEqualTo(220.0);

    LiveStats stats = metrics.liveStats();
    assertThat(stats.requests()).isEqualTo(1);
    assertThat(stats.disaggregated()).isEqualTo(1);
    assertThat(stats.ttftSamples()).isEqualTo(1);
    assertThat(stats.ttftP50Ms()).isBetween(140.0, 160.0);
    assertThat(stats.prefixHitRatio()).isEqualTo(0.25);
  }

  @Test
  void withoutUsageTheLogFallsBackToTheEstimateAndTheTokensSeen() throws Exception {
    RequestRecord r = observer.onStart("req-2", MODEL);
    r.onRouted(new RoutingPlan(endpoint("10.0.0.2:8000"), null, 40, RoutingPlan.Reason.BELOW_THRESHOLD), 40);
    r.onAnswerStart(true);
    r.onTokens(1);
    r.onTokens(1);
    r.onEnd(200, RequestOutcome.SUCCESS, Usage.UNKNOWN);
    JsonNode line = JSON.readTree(lines.get(0));
    assertThat(line.get("prompt_tokens").asInt()).isEqualTo(40);
    assertThat(line.get("completion_tokens").asInt()).isEqualTo(2);
    // No worker answered: no tokens were used, whatever the estimate said.
    RequestRecord failed = observer.onStart("req-3", MODEL);
    failed.onRouted(new RoutingPlan(endpoint("10.0.0.2:8000"), null, 40, RoutingPlan.Reason.BELOW_THRESHOLD), 40);
    failed.onEnd(502, RequestOutcome.UPSTREAM_ERROR, Usage.UNKNOWN);
    JsonNode failedLine = JSON.readTree(lines.get(1));
    assertThat(failedLine.get("prompt_tokens").isNull()).isTrue();
    assertThat(failedLine.get("completion_tokens").isNull()).isTrue();
    assertThat(line.get("prefill_endpoint").isNull()).isTrue();
    assertThat(registry.get("baton.pd.decisions").tag("decision", "below_threshold").counter()
        .count()).isEqualTo(2);
    assertThat(registry.get("baton.requests").tag("route", "aggregated").tag("status", "200")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get("baton.prompt.tokens").counter().count()).isEqualTo(40);
  }

  @Test
  void modelsNoPoolServesShareOneTagSoClientsCannotMintSeries() {
    for (int i = 0; i < 5; i++) {
      RequestRecord r = observer.onStart("bad-" + i, "made-up-" + i);
      r.onEnd(404, RequestOutcome.REJECTED, Usage.UNKNOWN);
    }
    observer.onStart("unparsed", null).onEnd(400, RequestOutcome.REJECTED, Usage.UNKNOWN);
    assertThat(registry.find("baton.requests").counters()).hasSize(2);
    assertThat(registry.get("baton.requests")
        .tags("model", BatonMetrics.UNKNOWN_MODEL, "route", "none", "outcome", "rejected",
            "status", "404")
        .counter().count()).isEqualTo(5);
    assertThat(registry.find("baton.decode.leg.duration").timers()).isEmpty();
  }

  @Test
  void endpointGaugesReadLiveStateAndFollowReloads() {
    EndpointState decode = endpoint("10.0.0.2:8000");
    decode.health(Health.HEALTHY);
    decode.acquire(100);
    decode.draining(true);
    assertThat(gauge("baton.endpoint.in.flight.requests", "10.0.0.2:8000")).isEqualTo(1);
    assertThat(gauge("baton.endpoint.in.flight.tokens", "10.0.0.2:8000")).isEqualTo(100);
    assertThat(gauge("baton.endpoint.healthy", "10.0.0.2:8000")).isEqualTo(1);
    assertThat(gauge("baton.endpoint.draining", "10.0.0.2:8000")).isEqualTo(1);
    assertThat(gauge("baton.endpoint.schedulable", "10.0.0.2:8000")).isZero();
    assertThat(gauge("baton.endpoint.breaker.open", "10.0.0.2:8000")).isZero();
    assertThat(registry.get("baton.endpoint.picks").tags("endpoint", "10.0.0.2:8000", "pool", "pd",
        "role", "decode").functionCounter().count()).isEqualTo(1);

    // Reload: 10.0.0.3 leaves, 10.0.0.4 arrives, 10.0.0.2 stays with its live state.
    runtime.set(RuntimeBuilder.build(
        TestConfigs.split("nixl", 1, PrefillFailurePolicy.DECODE, null,
            List.of("http://10.0.0.1:8000"), List.of("http://10.0.0.2:8000", "http://10.0.0.4:8000")),
        new LeastInFlightScheduler(), runtime.get()));
    metrics.scrape();
    assertThat(registry.find("baton.endpoint.in.flight.requests").tag("endpoint", "10.0.0.3:8000")
        .gauges()).isEmpty();
    assertThat(gauge("baton.endpoint.in.flight.requests", "10.0.0.4:8000")).isZero();
    assertThat(gauge("baton.endpoint.in.flight.requests", "10.0.0.2:8000")).isEqualTo(1);
    assertThat(registry.find("baton.endpoint.healthy").gauges()).hasSize(3);
  }

  private double gauge(String name, String endpoint) {
    metrics.refreshEndpoints();
    return registry.get(name).tag("endpoint", endpoint).gauge().value();
  }

  @Test
  void boundCountersSchedulerTimerReloadsAndQueueAreExported() {
    metrics.bindHandoffCounters(new HandoffCounters());
    metrics.bindRelayCounters(new RelayCounters());
    metrics.bindAdmissionQueue(() -> 7);
    metrics.bindPrefixIndex(() -> null);
    metrics.configReloaded(true);
    metrics.configReloaded(false);
    metrics.configReloaded(false);
    Scheduler timed = metrics.timed(runtime.get().scheduler());
    assertThat(metrics.timed(timed)).isSameAs(timed);
    timed.plan(new SchedulingRequest("r", MODEL, "hello", 2, 8, null, null),
        runtime.get().routes().get(0).pool());

    assertThat(registry.get("baton.pd.events").tag("event", "decode_fallback").functionCounter()
        .count()).isZero();
    assertThat(registry.find("baton.pd.events").functionCounters()).hasSize(10);
    assertThat(registry.get("baton.admission.queue.depth").gauge().value()).isEqualTo(7);
    assertThat(registry.get("baton.config.reloads").tag("outcome", "failure").counter().count())
        .isEqualTo(2);
    assertThat(registry.get("baton.scheduler.duration").tag("operation", "plan").timer().count())
        .isEqualTo(1);
    assertThat(registry.get("baton.prefix.index.blocks").gauge().value()).isNaN();

    String text = metrics.scrape();
    assertThat(text).contains(
        "baton_requests_active ",
        "baton_pd_events_total{event=\"handoff\"}",
        "baton_relay_pauses_total",
        "baton_relay_paused_streams",
        "baton_admission_queue_depth 7",
        "baton_config_reloads_total{outcome=\"failure\"} 2",
        "baton_scheduler_duration_seconds_bucket{operation=\"plan\",le=",
        "baton_endpoint_picks_total{endpoint=\"10.0.0.1:8000\",pool=\"pd\",role=\"prefill\"}",
        "baton_endpoint_healthy{endpoint=\"10.0.0.2:8000\",pool=\"pd\",role=\"decode\"}");
    for (Meter m : registry.getMeters()) {
      assertThat(m.getId().getName()).startsWith("baton.");
      assertThat(m.getId().getDescription()).as(m.getId().getName()).isNotBlank();
    }
  }

  @Test
  void latencyHistogramsUseTheLlmBuckets() {
    RequestRecord r = observer.onStart("req-3", MODEL);
    r.onRouted(new RoutingPlan(endpoint("10.0.0.2:8000"), null, 0, RoutingPlan.Reason.BELOW_THRESHOLD), 10);
    advanceMillis(180);
    r.onTokens(1);
    r.onEnd(200, RequestOutcome.SUCCESS, Usage.UNKNOWN);
    String text = metrics.scrape();
    assertThat(text).contains(
        "baton_request_ttft_seconds_bucket{model=\"test-model\",route=\"aggregated\",le=\"0.2\"} 1",
        "baton_request_ttft_seconds_bucket{model=\"test-model\",route=\"aggregated\",le=\"0.15\"} 0",
        "baton_request_duration_seconds_bucket{model=\"test-model\",route=\"aggregated\",le=\"600.0\"} 1",
        "baton_request_ttft_seconds_count{model=\"test-model\",route=\"aggregated\"} 1");
  }

  @Test
  void aStreamReadThroughTheAnswerReaderCountsGeneratedChunksOnly() throws Exception {
    RequestRecord r = observer.onStart("req-4", MODEL);
    r.onRouted(new RoutingPlan(endpoint("10.0.0.2:8000"), null, 0, RoutingPlan.Reason.BELOW_THRESHOLD), 5);
    AnswerReader answer = AnswerReader.stream(r, false);
    advanceMillis(90);
    // The role-only chunk is no token: TTFT and the count start at the first content.
    answer.chunk(io.vertx.core.buffer.Buffer.buffer(
        "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"));
    advanceMillis(10);
    answer.chunk(io.vertx.core.buffer.Buffer.buffer(
        "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: {\"choi"));
    advanceMillis(30);
    answer.chunk(io.vertx.core.buffer.Buffer.buffer("ces\":[{\"delta\":{\"content\":\"b\"}}]}\n\ndata: [DONE]\n\n"));
    answer.end();
    r.onEnd(200, RequestOutcome.SUCCESS, Usage.UNKNOWN);
    JsonNode line = JSON.readTree(lines.get(0));
    assertThat(line.get("ttft_ms").asDouble()).isEqualTo(100.0);
    assertThat(line.get("completion_tokens").asInt()).isEqualTo(2);
    assertThat(line.get("prompt_tokens").asInt()).as("no usage: the estimate").isEqualTo(5);
    assertThat(registry.get("baton.request.itl").tag("route", "aggregated").timer().count())
        .isEqualTo(1);
  }

  @Test
  void relayOutcomesMapToRequestOutcomes() {
    assertThat(RequestOutcome.of(dev.baton.transfer.relay.RelayOutcome.COMPLETED))
        .isEqualTo(RequestOutcome.SUCCESS);
    assertThat(RequestOutcome.of(dev.baton.transfer.relay.RelayOutcome.CLIENT_GONE).tag())
        .isEqualTo("client_gone");
    assertThat(RequestOutcome.of(dev.baton.transfer.relay.RelayOutcome.COMPLETED, 200))
        .isEqualTo(RequestOutcome.SUCCESS);
    assertThat(RequestOutcome.of(dev.baton.transfer.relay.RelayOutcome.COMPLETED, 400))
        .isEqualTo(RequestOutcome.REJECTED);
    assertThat(RequestOutcome.of(dev.baton.transfer.relay.RelayOutcome.COMPLETED, 502))
        .isEqualTo(RequestOutcome.UPSTREAM_ERROR);
    assertThat(RequestOutcome.of(dev.baton.transfer.relay.RelayOutcome.CLIENT_GONE, 200))
        .isEqualTo(RequestOutcome.CLIENT_GONE);
    assertThat(dev.baton.router.scheduling.RoutingPlan.Reason.DECIDER_KEPT.tag())
        .isEqualTo("decider_kept");
  }

  @Test
  void eachEndCountsOnItsOwnStatusAndOutcomeWhateverEndedBefore() {
    int[] statuses = {200, 200, 502, 200, 502, 429};
    RequestOutcome[] outcomes = {RequestOutcome.SUCCESS, RequestOutcome.SUCCESS,
        RequestOutcome.UPSTREAM_ERROR, RequestOutcome.SUCCESS, RequestOutcome.UPSTREAM_ERROR,
        RequestOutcome.REJECTED};
    for (int i = 0; i < statuses.length; i++) {
      observer.onStart("req-" + i, MODEL).onEnd(statuses[i], outcomes[i], Usage.UNKNOWN);
    }
    assertThat(ended("success", "200")).isEqualTo(3);
    assertThat(ended("upstream_error", "502")).isEqualTo(2);
    assertThat(ended("rejected", "429")).isEqualTo(1);
    assertThat(metrics.liveStats().requests()).isEqualTo(6);
    assertThat(metrics.liveStats().active()).isZero();
  }

  private double ended(String outcome, String status) {
    return registry.get("baton.requests").tags("model", MODEL, "outcome", outcome, "status", status)
        .counter().count();
  }
}
