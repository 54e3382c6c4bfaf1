package dev.baton.server.config;

import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.server.health.HealthCheckConfig;
import dev.baton.server.scrape.MetricsScrapeConfig;
import java.util.List;

/**
 * The whole Baton configuration, one YAML file. Unknown keys and wrong types are rejected with the
 * path of the offending key.
 *
 * @param server the front door: where it listens and its request limits
 * @param timeouts how long Baton waits on workers
 * @param pools groups of workers serving the same models; a request's {@code model} picks the pool
 * @param scheduling the scheduling plugins and profiles (llm-d style {@code plugins} +
 *     {@code schedulingProfiles}); the router's defaults when absent (docs/scheduling.md)
 * @param healthChecks active health probing of workers (defaults when absent)
 * @param metricsScrape scraping of worker {@code /metrics} (defaults when absent)
 */
public record BatonConfig(
    ServerConfig server,
    TimeoutsConfig timeouts,
    List<PoolConfig> pools,
    SchedulingConfig scheduling,
    HealthCheckConfig healthChecks,
    MetricsScrapeConfig metricsScrape) {

  public BatonConfig {
    server = server == null ? ServerConfig.DEFAULTS : server;
    timeouts = timeouts == null ? TimeoutsConfig.DEFAULTS : timeouts;
    pools = pools == null ? List.of() : List.copyOf(pools);
    scheduling = scheduling == null ? SchedulingConfig.defaults() : scheduling;
    healthChecks =
        healthChecks == null ? new HealthCheckConfig(null, null, null, null, null) : healthChecks;
    metricsScrape =
        metricsScrape == null ? new MetricsScrapeConfig(null, null, null, null) : metricsScrape;
  }
}
