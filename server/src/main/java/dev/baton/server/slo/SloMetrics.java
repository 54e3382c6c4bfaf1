package dev.baton.server.slo;

import dev.baton.router.latency.ClassUsage;
import dev.baton.router.latency.LatencyModel;
import dev.baton.router.latency.LatencyModels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The latency model's metrics, per hardware class (registered when a class's model first predicts):
 * <ul>
 *   <li>{@code baton_slo_ttft_total{class, result="met"|"missed"}}: streamed requests with a TTFT
 *       objective, by whether their first token came in time;
 *   <li>{@code baton_latency_prediction_error{class, measure="ttft"|"tpot", percentile="p50"|"p90"}}:
 *       relative error {@code |predicted - observed| / observed} of the last 512 predictions;
 *   <li>{@code baton_latency_predicted_seconds} and {@code baton_latency_observed_seconds{class,
 *       measure}}: moving averages (weight 0.05 per request) for predicted-against-observed panels;
 *   <li>{@code baton_latency_samples{class, measure}}: observations learned;
 *   <li>{@code baton_hardware_cost_per_hour{class}}: the class's declared cost;
 *   <li>{@code baton_hardware_tokens_total{class, kind="prompt"|"output"}} and {@code
 *       baton_hardware_cost_total{class}}: what the class served and that work's price (the
 *       engine model's busy time at the class's cost per hour); their rates' ratio is the cost per
 *       token served.
 * </ul>
 */
public final class SloMetrics {
  private final MeterRegistry registry;
  private final LatencyModels models;
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, Counter> attainment = new ConcurrentHashMap<>();

  public SloMetrics(MeterRegistry registry, LatencyModels models) {
    this.registry = registry;
    this.models = models;
  }

  /** Counts one request with a TTFT objective served by {@code hardwareClass}. */
  void ttftAttained(String hardwareClass, boolean met) {
    attainment(hardwareClass, met ? "met" : "missed").increment();
  }

  private Counter attainment(String hardwareClass, String result) {
    return attainment.computeIfAbsent(hardwareClass + '\n' + result, k -> Counter.builder(
            "baton.slo.ttft")
        .description("Streamed requests with a TTFT objective, by whether the first token came in time")
        .tag("class", hardwareClass).tag("result", result).register(registry));
  }

  /** Registers the gauges of {@code hardwareClass} once. */
  void watch(String hardwareClass) {
    if (!registered.add(hardwareClass)) {
      return;
    }
    attainment(hardwareClass, "met");
    attainment(hardwareClass, "missed");
    String error = "Relative error |predicted - observed| / observed of the latency model's last "
        + "512 predictions";
    for (int p : new int[] {50, 90}) {
      double q = p / 100.0;
      gauge("baton.latency.prediction.error", error, hardwareClass, "ttft", p, m -> m.ttftError(q));
      gauge("baton.latency.prediction.error", error, hardwareClass, "tpot", p, m -> m.tpotError(q));
    }
    String predicted = "Moving average of the latency model's predictions";
    String observed = "Moving average of the latency observed";
    gauge("baton.latency.predicted.seconds", predicted, hardwareClass, "ttft", 0,
        m -> m.averages().predictedTtftMs() / 1000);
    gauge("baton.latency.observed.seconds", observed, hardwareClass, "ttft", 0,
        m -> m.averages().observedTtftMs() / 1000);
    gauge("baton.latency.predicted.seconds", predicted, hardwareClass, "tpot", 0,
        m -> m.averages().predictedTpotMs() / 1000);
    gauge("baton.latency.observed.seconds", observed, hardwareClass, "tpot", 0,
        m -> m.averages().observedTpotMs() / 1000);
    String samples = "Observations the latency model learned";
    gauge("baton.latency.samples", samples, hardwareClass, "ttft", 0, LatencyModel::ttftSamples);
    gauge("baton.latency.samples", samples, hardwareClass, "tpot", 0, LatencyModel::tpotSamples);
    Gauge.builder("baton.hardware.cost.per.hour", models, m -> {
      LatencyModel model = m.model(hardwareClass);
      return model == null ? Double.NaN : model.hardware().costPerHour();
    }).tag("class", hardwareClass).description("Declared cost per endpoint-hour of the class")
        .register(registry);
    ClassUsage usage = models.usageOf(hardwareClass);
    FunctionCounter.builder("baton.hardware.tokens", usage, ClassUsage::promptTokens)
        .tag("class", hardwareClass).tag("kind", "prompt")
        .description("Tokens the class served: prompt tokens computed, output tokens generated")
        .register(registry);
    FunctionCounter.builder("baton.hardware.tokens", usage, ClassUsage::outputTokens)
        .tag("class", hardwareClass).tag("kind", "output")
        .description("Tokens the class served: prompt tokens computed, output tokens generated")
        .register(registry);
    FunctionCounter.builder("baton.hardware.cost", usage, ClassUsage::cost)
        .tag("class", hardwareClass)
        .description("Price of the work the class served, by its engine model and cost per hour")
        .register(registry);
  }

  /** A gauge of one class's model; {@code percentile} > 0 adds the tag {@code percentile="pN"}. */
  private void gauge(String name, String description, String hardwareClass, String measure,
      int percentile, ToDoubleFunction<LatencyModel> value) {
    Gauge.Builder<LatencyModels> b = Gauge.builder(name, models, m -> {
      LatencyModel model = m.model(hardwareClass);
      return model == null ? Double.NaN : value.applyAsDouble(model);
    }).tag("class", hardwareClass).tag("measure", measure).description(description);
    if (percentile > 0) {
      b.tag("percentile", "p" + percentile);
    }
    b.register(registry);
  }
}
