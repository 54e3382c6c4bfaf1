package dev.baton.server.metrics;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.scheduling.LeastInFlightScheduler;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.server.accesslog.AccessLog;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.RuntimeBuilder;
import dev.baton.server.testing.TestConfigs;
import dev.baton.transfer.call.AttemptOutcome;
import dev.baton.transfer.call.AttemptReport;
import dev.baton.transfer.call.Leg;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * CPU time and allocation of recording one request's metrics through {@link RequestRecord}, with
 * Micrometer's Prometheus registry (before issue 18) and with {@link LoopMeterRegistry}, side by
 * side in one JVM, rounds alternating, on 1 and on 2 threads at once (two event loops). A request:
 * routed, decode leg sent, 34 streamed tokens (a TTFT and 33 gaps), usage, one attempt, the end.
 * The clock runs 50,000 times fast so gaps land in the inter-token buckets a real stream fills.
 *
 * Then the dashboard's live TTFT percentiles per first token: Micrometer's percentile timer, as
 * {@link BatonMetrics} kept them before, against {@link LivePercentiles}.
 *
 * <p>Run: {@code java -cp <server test classpath> dev.baton.server.metrics.RequestMetersBench
 * [requests per round] [rounds]}; per-thread CPU from ThreadMXBean, bytes from its allocation
 * counter.
 */
public final class RequestMetersBench {
  private static final int TOKENS = 34;

  private record Variant(String name, BatonMetrics metrics, RequestObserver observer,
      RoutingPlan plan) {}

  /** One unit of work of a variant, numbered. */
  private interface Work {
    void once(int i);
  }

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    Supplier<BatonRuntime> runtime = () -> RUNTIME;
    List<Variant> variants = List.of(
        variant("micrometer", BatonMetrics.create(runtime, RequestMetersBench::fastClock,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))),
        variant("loops", BatonMetrics.create(runtime, RequestMetersBench::fastClock,
            new LoopMeterRegistry())));
    compare("request", List.of("micrometer", "loops"),
        variants.stream().map(RequestMetersBench::request).toList(), requests, rounds);
    // The dashboard's TTFT percentiles, as BatonMetrics kept them before and now, per first token.
    Timer hdr = Timer.builder("baton.live.ttft").publishPercentiles(0.5, 0.9, 0.99)
        .distributionStatisticExpiry(Duration.ofSeconds(60)).distributionStatisticBufferLength(3)
        .register(new SimpleMeterRegistry());
    LivePercentiles live = new LivePercentiles();
    compare("live ttft", List.of("micrometer", "loops"), List.of(
        i -> hdr.record(150_000_000L + i % 1000 * 100_000L, TimeUnit.NANOSECONDS),
        i -> live.record(150_000_000L + i % 1000 * 100_000L, System.nanoTime())),
        requests * 10, rounds);
    System.out.printf("load average %.2f%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static final BatonRuntime RUNTIME = RuntimeBuilder.build(
      TestConfigs.aggregated("http://10.0.0.1:8000"), new LeastInFlightScheduler());

  private static long fastClock() {
    return System.nanoTime() * 50_000;
  }

  private static Variant variant(String name, BatonMetrics metrics) {
    EndpointState endpoint = RUNTIME.endpoints().findFirst().orElseThrow();
    return new Variant(name, metrics, new RequestObserver(metrics, AccessLog.disabled()),
        new RoutingPlan(endpoint, null, 0, RoutingPlan.Reason.BELOW_THRESHOLD));
  }

  private static void compare(String what, List<String> names, List<Work> works, int n, int rounds)
      throws InterruptedException {
    for (Work w : works) {
      run(w, 2, n / 2); // warm-up
    }
    for (int threads : new int[] {1, 2}) {
      double[][] ns = new double[works.size()][rounds];
      double[][] bytes = new double[works.size()][rounds];
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < works.size(); i++) {
          double[] cost = run(works.get(i), threads, n);
          ns[i][r] = cost[0];
          bytes[i][r] = cost[1];
        }
      }
      double base = median(ns[0]);
      for (int i = 0; i < works.size(); i++) {
        System.out.printf("%s threads=%d %-10s %8.1f ns (min %.1f)  %6.1f B  x%.2f%n", what,
            threads, names.get(i), median(ns[i]), Arrays.stream(ns[i]).min().orElse(0),
            median(bytes[i]), base / median(ns[i]));
      }
    }
  }

  /** {CPU ns, bytes} per unit of work, averaged over the threads. */
  private static double[] run(Work w, int threads, int n) throws InterruptedException {
    double[][] each = new double[threads][];
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int slot = t;
      running.add(Thread.ofPlatform().name("loop-" + t).start(() -> each[slot] = loop(w, n)));
    }
    for (Thread thread : running) {
      thread.join();
    }
    double ns = 0;
    double bytes = 0;
    for (double[] e : each) {
      ns += e[0] / threads;
      bytes += e[1] / threads;
    }
    return new double[] {ns, bytes};
  }

  private static double[] loop(Work w, int n) {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long cpu0 = mx.getCurrentThreadCpuTime();
    long bytes0 = mx.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < n; i++) {
      w.once(i);
    }
    long cpu = mx.getCurrentThreadCpuTime() - cpu0;
    long bytes = mx.getCurrentThreadAllocatedBytes() - bytes0;
    return new double[] {(double) cpu / n, (double) bytes / n};
  }

  /** One request's metrics through a record of {@code v}. */
  private static Work request(Variant v) {
    AttemptReport attempt = new AttemptReport(Leg.DECODE, v.plan().decode().id(),
        AttemptOutcome.ANSWERED, 200);
    return i -> {
      RequestRecord r = v.observer().onStart("req", TestConfigs.MODEL);
      r.onRouted(v.plan(), 120);
      r.onDecodeStart();
      r.onAnswerStart(true);
      for (int t = 0; t < TOKENS; t++) {
        r.onTokens(1);
      }
      r.onUsage(new Usage(120, TOKENS));
      r.onAttempt(attempt);
      r.onEnd(200, RequestOutcome.SUCCESS, Usage.UNKNOWN);
    };
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
