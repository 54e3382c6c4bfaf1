package dev.baton.server.metrics;

import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.transfer.handoff.PrefillResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The request meters of one model, looked up once per request and then used without registry lookups
 * or tag allocation. Per-route and per-outcome meters are registered on first use, so a model that is
 * never split exports no disaggregated series. Registration is idempotent in Micrometer, so two
 * threads racing to create the same meter get the same one.
 */
final class ModelMeters {
  private final MeterRegistry registry;
  private final String model;
  private final AtomicReferenceArray<RouteMeters> routes =
      new AtomicReferenceArray<>(Route.values().length);
  private final AtomicReferenceArray<Timer> prefillLegs =
      new AtomicReferenceArray<>(PrefillResult.values().length);
  private final ConcurrentHashMap<String, Counter> decisions = new ConcurrentHashMap<>();
  final Counter promptTokens;
  final Counter completionTokens;
  final Counter prefixPromptTokens;
  final Counter prefixCachedTokens;

  ModelMeters(MeterRegistry registry, String model) {
    this.registry = registry;
    this.model = model;
    this.promptTokens = counter("baton.prompt.tokens",
        "Prompt tokens of finished requests (worker usage when reported, else Baton's estimate)");
    this.completionTokens = counter("baton.completion.tokens",
        "Generated tokens of finished requests (worker usage when reported, else tokens streamed)");
    this.prefixPromptTokens = counter("baton.prefix.estimated.prompt.tokens",
        "Estimated prompt tokens of routed requests; with the cached counter, the prefix hit ratio");
    this.prefixCachedTokens = counter("baton.prefix.estimated.cached.tokens",
        "Prompt tokens the router expected the chosen decode endpoint to have cached already");
  }

  private Counter counter(String name, String help) {
    return Counter.builder(name).description(help).tag("model", model).register(registry);
  }

  /** Adds a finished request's token counts, those known. */
  void countTokens(TokenCounts counts) {
    if (counts.prompt() != null) {
      promptTokens.increment(counts.prompt());
    }
    if (counts.completion() != null) {
      completionTokens.increment(counts.completion());
    }
  }

  RouteMeters route(Route route) {
    RouteMeters meters = routes.get(route.ordinal());
    if (meters == null) {
      meters = new RouteMeters(route);
      routes.compareAndSet(route.ordinal(), null, meters);
      meters = routes.get(route.ordinal());
    }
    return meters;
  }

  Timer prefillLeg(PrefillResult result) {
    Timer timer = prefillLegs.get(result.ordinal());
    if (timer == null) {
      timer = Timer.builder("baton.prefill.leg.duration")
          .description("Prefill legs of split requests, from sending to the KV handle (or failure)")
          .tags("model", model, "outcome", result.tag())
          .serviceLevelObjectives(LatencyBuckets.FIRST_TOKEN)
          .register(registry);
      prefillLegs.set(result.ordinal(), timer);
    }
    return timer;
  }

  Counter decision(RoutingPlan.Reason reason) {
    return decisions.computeIfAbsent(reason.tag(), tag -> Counter.builder("baton.pd.decisions")
        .description("Prefill/decode decisions of the router, by reason")
        .tags("model", model, "decision", tag)
        .register(registry));
  }

  /** The meters of one model and route. */
  final class RouteMeters {
    private final Route route;
    private final ConcurrentHashMap<Integer, Counter> ends = new ConcurrentHashMap<>();
    /** The last request's counter: nearly every request ends as the one before (no boxed key). */
    private volatile Ended last;
    /** Null for {@link Route#NONE}, as are {@link #itl} and {@link #decodeLeg}. */
    final Timer ttft;
    final Timer itl;
    final Timer duration;
    final Timer decodeLeg;

    RouteMeters(Route route) {
      this.route = route;
      this.duration = timer("baton.request.duration",
          "Time from a request's arrival to the end of its answer", LatencyBuckets.END_TO_END);
      // An unrouted request has no worker answer: its token and leg histograms would stay empty.
      boolean routed = route != Route.NONE;
      this.ttft = routed ? timer("baton.request.ttft",
          "Time from a request's arrival to its first token", LatencyBuckets.FIRST_TOKEN) : null;
      this.itl = routed ? timer("baton.request.itl", "Gaps between consecutive streamed tokens",
          LatencyBuckets.INTER_TOKEN) : null;
      this.decodeLeg = routed ? timer("baton.decode.leg.duration",
          "Decode legs (whole requests when aggregated), from sending to the end of the answer",
          LatencyBuckets.END_TO_END) : null;
    }

    private Timer timer(String name, String help, Duration[] buckets) {
      return Timer.builder(name).description(help)
          .tags("model", model, "route", route.tag())
          .serviceLevelObjectives(buckets)
          .register(registry);
    }

    Counter ended(RequestOutcome outcome, int status) {
      // HTTP statuses are three digits and outcomes few: the key is small, the series bounded.
      int key = status * 8 + outcome.ordinal();
      Ended previous = last;
      if (previous != null && previous.key() == key) {
        return previous.counter();
      }
      Counter counter = ends.get(key);
      if (counter == null) {
        counter = ends.computeIfAbsent(key, k -> Counter.builder("baton.requests")
            .description("Finished requests by model, route, outcome and HTTP status")
            .tags("model", model, "route", route.tag(), "outcome", outcome.tag(),
                "status", Integer.toString(status))
            .register(registry));
      }
      last = new Ended(key, counter);
      return counter;
    }
  }

  private record Ended(int key, Counter counter) {}
}
