package dev.baton.server.config;

import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.server.admin.AdminConfig;
import dev.baton.server.admission.AdmissionConfig;
import dev.baton.server.auth.AuthConfig;
import dev.baton.server.health.HealthCheckConfig;
import dev.baton.server.limits.LimitsConfig;
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
 * @param admin the admin server: metrics, admin API, dashboard (port 9000 when absent)
 * @param resilience circuit breakers and retries around workers (defaults when absent)
 * @param admission in-flight limits, wait queue, priorities and tenant fairness (defaults when absent)
 * @param auth client API keys (authentication off when absent)
 * @param limits header, body-shape, prompt and rate limits (defaults when absent)
 */
public record BatonConfig(
    ServerConfig server,
    TimeoutsConfig timeouts,
    List<PoolConfig> pools,
    SchedulingConfig scheduling,
    HealthCheckConfig healthChecks,
    MetricsScrapeConfig metricsScrape,
    AdminConfig admin,
    ResilienceConfig resilience,
    AdmissionConfig admission,
    AuthConfig auth,
    LimitsConfig limits) {

  /** A configuration without resilience, admission, auth or limits sections: their defaults. */
  public BatonConfig(ServerConfig server, TimeoutsConfig timeouts, List<PoolConfig> pools,
      SchedulingConfig scheduling, HealthCheckConfig healthChecks,
      MetricsScrapeConfig metricsScrape, AdminConfig admin) {
    this(server, timeouts, pools, scheduling, healthChecks, metricsScrape, admin, null, null, null,
        null);
  }

  /**
   * A configuration built in code (tests, the demo): its admin server listens on a free port, so
   * several can run side by side without fighting over 9000.
   */
  public BatonConfig(ServerConfig server, TimeoutsConfig timeouts, List<PoolConfig> pools,
      SchedulingConfig scheduling, HealthCheckConfig healthChecks,
      MetricsScrapeConfig metricsScrape) {
    this(server, timeouts, pools, scheduling, healthChecks, metricsScrape,
        AdminConfig.DEFAULTS.withPort(0));
  }

  public BatonConfig {
    server = server == null ? ServerConfig.DEFAULTS : server;
    timeouts = timeouts == null ? TimeoutsConfig.DEFAULTS : timeouts;
    pools = pools == null ? List.of() : List.copyOf(pools);
    scheduling = scheduling == null ? SchedulingConfig.defaults() : scheduling;
    healthChecks =
        healthChecks == null ? new HealthCheckConfig(null, null, null, null, null) : healthChecks;
    metricsScrape =
        metricsScrape == null ? new MetricsScrapeConfig(null, null, null, null) : metricsScrape;
    admin = admin == null ? AdminConfig.DEFAULTS : admin;
    resilience = resilience == null ? ResilienceConfig.DEFAULTS : resilience;
    admission = admission == null ? AdmissionConfig.DEFAULTS : admission;
    auth = auth == null ? AuthConfig.DEFAULTS : auth;
    limits = limits == null ? LimitsConfig.DEFAULTS : limits;
  }

  /** The same configuration with another {@code server} section ({@code --port}, the demo). */
  public BatonConfig withServer(ServerConfig newServer) {
    return new BatonConfig(newServer, timeouts, pools, scheduling, healthChecks, metricsScrape,
        admin, resilience, admission, auth, limits);
  }
}
