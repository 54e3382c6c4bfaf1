package dev.baton.sim.sglang;

import dev.baton.sim.Flavor;
import dev.baton.sim.SimConfig;
import dev.baton.sim.engine.EngineCounters;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

/**
 * What an SGLang server shows a router besides the OpenAI routes: {@code GET /server_info} (the
 * fields a PD router reads: {@code dp_size}, {@code disaggregation_mode},
 * {@code disaggregation_bootstrap_port}) and {@code /metrics} under SGLang's names. Mounted before
 * the vLLM routes, so its {@code /metrics} answers in their place.
 */
public final class SglangRoutes {

  private final SimConfig config;
  private final Flavor flavor;
  private final IntSupplier bootstrapPort;
  private final int dpSize;
  private final PrometheusRegistry registry = new PrometheusRegistry();

  /**
   * @param ranks the counters of each data-parallel rank's engine; the gauges add them up (the
   *     server's totals) and {@code /server_info} reports their number as {@code dp_size}
   */
  public SglangRoutes(SimConfig config, Flavor flavor, List<EngineCounters> ranks,
      IntSupplier bootstrapPort) {
    this.config = config;
    this.flavor = flavor;
    this.bootstrapPort = bootstrapPort;
    this.dpSize = ranks.size();
    gauge("sglang:num_running_reqs", "The number of running requests.",
        () -> sum(ranks, EngineCounters::running));
    gauge("sglang:num_queue_reqs", "The number of requests in the waiting queue.",
        () -> sum(ranks, EngineCounters::waiting));
    gauge("sglang:token_usage", "The token usage, 0 to 1.",
        () -> sum(ranks, EngineCounters::usedBlocks) / ((double) config.kvBlocks() * dpSize));
    gauge("sglang:cache_hit_rate", "The prefix cache hit rate, 0 to 1.", () -> {
      double queries = sum(ranks, EngineCounters::prefixCacheQueries);
      return queries == 0 ? 0 : sum(ranks, EngineCounters::prefixCacheHits) / queries;
    });
  }

  private static double sum(List<EngineCounters> ranks, ToDoubleFunction<EngineCounters> value) {
    double total = 0;
    for (EngineCounters c : ranks) {
      total += value.applyAsDouble(c);
    }
    return total;
  }

  public void mount(Router router) {
    router.get("/server_info").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject()
            .put("model_path", config.model())
            .put("served_model_name", config.model())
            .put("dp_size", dpSize)
            .put("tp_size", 1)
            .put("page_size", config.blockSize())
            .put("context_length", config.maxModelLen())
            .put("disaggregation_mode", flavor.disaggregationMode())
            .put("disaggregation_bootstrap_port", bootstrapPort.getAsInt())
            .toBuffer()));
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE)
        .end(scrape()));
  }

  private String scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private void gauge(String name, String help, DoubleSupplier value) {
    GaugeWithCallback.builder().name(name).help(help).labelNames("model_name")
        .callback(cb -> cb.call(value.getAsDouble(), config.model())).register(registry);
  }
}
