package dev.baton.server.config;

import dev.baton.router.latency.HardwareClass;
import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.server.admin.AdminConfig;
import dev.baton.server.admission.AdmissionConfig;
import dev.baton.server.auth.AuthConfig;
import dev.baton.server.capture.TraceConfig;
import dev.baton.server.health.HealthCheckConfig;
import dev.baton.server.limits.LimitsConfig;
import dev.baton.server.scrape.MetricsScrapeConfig;
import dev.baton.server.slo.HardwareClassConfig;
import dev.baton.server.slo.SloConfig;
import dev.baton.transfer.call.WorkerPolicy;
import dev.baton.transfer.upstream.UpstreamTimeouts;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole Baton configuration, one YAML file. Unknown keys and wrong types are rejected with the
 * path of the offending key.
 *
 * @param server the front door: where it listens and its request limits
 * @param timeouts how long Baton waits on workers, in the {@code default} policy set (durations such as
 *     {@code 100ms}, {@code 2s}, {@code 1m}; no total timeout, so long streams are never cut)
 * @param pools groups of workers serving the same models; a request's {@code model} picks the pool
 * @param scheduling the scheduling plugins and profiles (llm-d style {@code plugins} +
 *     {@code schedulingProfiles}); the router's defaults when absent (docs/scheduling.md)
 * @param healthChecks active health probing of workers (defaults when absent)
 * @param metricsScrape scraping of worker {@code /metrics} (defaults when absent)
 * @param admin the admin server: metrics, admin API, dashboard (port 9000 when absent)
 * @param resilience circuit breakers and retries around workers, in the {@code default} policy set
 * @param admission in-flight limits, wait queue, priorities and tenant fairness (defaults when absent)
 * @param auth client API keys (authentication off when absent)
 * @param limits header, body-shape, prompt and rate limits (defaults when absent)
 * @param policies named sets of worker timeouts, retries and breakers that pools pick by name
 *     ({@code pools[].policy}); each set overrides single keys of its {@code baseConfig} (default
 *     {@code default}); {@code default} is built from {@code timeouts}, {@code resilience} and its
 *     own keys, and always exists
 * @param shutdown readiness drain and stream grace on SIGTERM (defaults when absent)
 * @param slo default latency objectives per model and tenant for requests without SLO headers
 *     (none when absent)
 * @param hardwareClasses cost per hour and engine timings per hardware class, by the name
 *     endpoints carry in their {@code hardware} label (none when absent: every endpoint is of the
 *     class {@code default}, the H100 calibration at cost 1)
 * @param trace the trace sink: one line per sampled request for {@code baton replay} (off when
 *     absent)
 */
public record BatonConfig(
    ServerConfig server,
    UpstreamTimeouts timeouts,
    List<PoolConfig> pools,
    SchedulingConfig scheduling,
    HealthCheckConfig healthChecks,
    MetricsScrapeConfig metricsScrape,
    AdminConfig admin,
    ResilienceConfig resilience,
    AdmissionConfig admission,
    AuthConfig auth,
    LimitsConfig limits,
    Map<String, WorkerPolicy> policies,
    ShutdownConfig shutdown,
    SloConfig slo,
    Map<String, HardwareClassConfig> hardwareClasses,
    TraceConfig trace) {

  /** The policy set pools use unless they name another. */
  public static final String DEFAULT_POLICY = PolicySets.DEFAULT;

  /** A configuration without a trace sink. */
  public BatonConfig(ServerConfig server, UpstreamTimeouts timeouts, List<PoolConfig> pools,
      SchedulingConfig scheduling, HealthCheckConfig healthChecks,
      MetricsScrapeConfig metricsScrape, AdminConfig admin, ResilienceConfig resilience,
      AdmissionConfig admission, AuthConfig auth, LimitsConfig limits,
      Map<String, WorkerPolicy> policies, ShutdownConfig shutdown, SloConfig slo,
      Map<String, HardwareClassConfig> hardwareClasses) {
    this(server, timeouts, pools, scheduling, healthChecks, metricsScrape, admin, resilience,
        admission, auth, limits, policies, shutdown, slo, hardwareClasses, null);
  }

  /** A configuration without latency objectives or hardware classes. */
  public BatonConfig(ServerConfig server, UpstreamTimeouts timeouts, List<PoolConfig> pools,
      SchedulingConfig scheduling, HealthCheckConfig healthChecks,
      MetricsScrapeConfig metricsScrape, AdminConfig admin, ResilienceConfig resilience,
      AdmissionConfig admission, AuthConfig auth, LimitsConfig limits,
      Map<String, WorkerPolicy> policies, ShutdownConfig shutdown) {
    this(server, timeouts, pools, scheduling, healthChecks, metricsScrape, admin, resilience,
        admission, auth, limits, policies, shutdown, null, null);
  }

  /** A configuration with the default shutdown settings. */
  public BatonConfig(ServerConfig server, UpstreamTimeouts timeouts, List<PoolConfig> pools,
      SchedulingConfig scheduling, HealthCheckConfig healthChecks,
      MetricsScrapeConfig metricsScrape, AdminConfig admin, ResilienceConfig resilience,
      AdmissionConfig admission, AuthConfig auth, LimitsConfig limits,
      Map<String, WorkerPolicy> policies) {
    this(server, timeouts, pools, scheduling, healthChecks, metricsScrape, admin, resilience,
        admission, auth, limits, policies, null);
  }

  /** A configuration without named policy sets: every pool uses the default one. */
  public BatonConfig(ServerConfig server, UpstreamTimeouts timeouts, List<PoolConfig> pools,
      SchedulingConfig scheduling, HealthCheckConfig healthChecks,
      MetricsScrapeConfig metricsScrape, AdminConfig admin, ResilienceConfig resilience,
      AdmissionConfig admission, AuthConfig auth, LimitsConfig limits) {
    this(server, timeouts, pools, scheduling, healthChecks, metricsScrape, admin, resilience,
        admission, auth, limits, null);
  }

  /** A configuration without resilience, admission, auth or limits sections: their defaults. */
  public BatonConfig(ServerConfig server, UpstreamTimeouts timeouts, List<PoolConfig> pools,
      SchedulingConfig scheduling, HealthCheckConfig healthChecks,
      MetricsScrapeConfig metricsScrape, AdminConfig admin) {
    this(server, timeouts, pools, scheduling, healthChecks, metricsScrape, admin, null, null, null,
        null);
  }

  /**
   * A configuration built in code (tests, the demo): its admin server listens on a free port, so
   * several can run side by side without fighting over 9000.
   */
  public BatonConfig(ServerConfig server, UpstreamTimeouts timeouts, List<PoolConfig> pools,
      SchedulingConfig scheduling, HealthCheckConfig healthChecks,
      MetricsScrapeConfig metricsScrape) {
    this(server, timeouts, pools, scheduling, healthChecks, metricsScrape,
        AdminConfig.DEFAULTS.withPort(0));
  }

  public BatonConfig {
    server = server == null ? ServerConfig.DEFAULTS : server;
    timeouts = timeouts == null ? UpstreamTimeouts.DEFAULTS : timeouts;
    pools = pools == null ? List.of() : List.copyOf(pools);
    scheduling = scheduling == null ? SchedulingConfig.defaults() : scheduling;
    // A pool listening to its engines' KV events gets precise prefix matching by default.
    if (scheduling.usesDefaultProfiles() && pools.stream().anyMatch(p -> p.kvEvents() != null)) {
      scheduling = scheduling.withPreciseMatcher();
    }
    healthChecks =
        healthChecks == null ? new HealthCheckConfig(null, null, null, null, null) : healthChecks;
    metricsScrape =
        metricsScrape == null ? new MetricsScrapeConfig(null, null, null, null) : metricsScrape;
    admin = admin == null ? AdminConfig.DEFAULTS : admin;
    resilience = resilience == null ? ResilienceConfig.DEFAULTS : resilience;
    admission = admission == null ? AdmissionConfig.DEFAULTS : admission;
    auth = auth == null ? AuthConfig.DEFAULTS : auth;
    limits = limits == null ? LimitsConfig.DEFAULTS : limits;
    shutdown = shutdown == null ? ShutdownConfig.DEFAULTS : shutdown;
    slo = slo == null ? SloConfig.NONE : slo;
    hardwareClasses = hardwareClasses == null ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(hardwareClasses));
    // The default set and the top-level sections are one thing: a configuration that names its
    // default set gets the sections from it, and one that does not gets it from the sections.
    WorkerPolicy named = policies == null ? null : policies.get(DEFAULT_POLICY);
    if (named != null) {
      timeouts = named.timeouts();
      resilience = new ResilienceConfig(named.breaker(), named.retry());
    }
    Map<String, WorkerPolicy> sets = new LinkedHashMap<>();
    sets.put(DEFAULT_POLICY, new WorkerPolicy(timeouts, resilience.retry(), resilience.breaker()));
    if (policies != null) {
      sets.putAll(policies);
    }
    policies = Collections.unmodifiableMap(sets);
  }

  /** The policy set named {@code name}; validation makes sure every pool's set exists. */
  public WorkerPolicy policy(String name) {
    WorkerPolicy set = policies.get(name);
    if (set == null) {
      throw new IllegalArgumentException("unknown policy set " + name);
    }
    return set;
  }

  /** A builder holding this configuration, to replace some sections and build the copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * A copy of a configuration with some sections replaced, e.g.
   * {@code config.toBuilder().server(s).build()}. The copy goes through the canonical constructor,
   * so it gets the same defaults and policy sets as a loaded file; {@link #build()} is the one place
   * that lists every section, so a new section is one more argument there (and a setter here only
   * when something replaces it).
   */
  public static final class Builder {
    private final BatonConfig base;
    private ServerConfig server;
    private SchedulingConfig scheduling;
    private List<PoolConfig> pools;
    private AdminConfig admin;
    private ShutdownConfig shutdown;
    private TraceConfig trace;

    private Builder(BatonConfig base) {
      this.base = base;
      this.server = base.server;
      this.scheduling = base.scheduling;
      this.pools = base.pools;
      this.admin = base.admin;
      this.shutdown = base.shutdown;
      this.trace = base.trace;
    }

    /** Another {@code server} section ({@code --port}, the demo, a replay). */
    public Builder server(ServerConfig value) {
      server = value;
      return this;
    }

    /**
     * Another {@code scheduling} section ({@code --epp-config}, a tuning candidate); objectives and
     * hardware classes stay.
     */
    public Builder scheduling(SchedulingConfig value) {
      scheduling = value;
      return this;
    }

    /** Other pools (a replay points the first at simulated workers). */
    public Builder pools(List<PoolConfig> value) {
      pools = value;
      return this;
    }

    /** Another {@code admin} section. */
    public Builder admin(AdminConfig value) {
      admin = value;
      return this;
    }

    /** Another {@code shutdown} section. */
    public Builder shutdown(ShutdownConfig value) {
      shutdown = value;
      return this;
    }

    /** Another {@code trace} section (null: no trace sink). */
    public Builder trace(TraceConfig value) {
      trace = value;
      return this;
    }

    public BatonConfig build() {
      return new BatonConfig(server, base.timeouts, pools, scheduling, base.healthChecks,
          base.metricsScrape, admin, base.resilience, base.admission, base.auth, base.limits,
          base.policies, shutdown, base.slo, base.hardwareClasses, trace);
    }
  }

  /** The declared hardware classes as the router's latency models read them. */
  public Map<String, HardwareClass> routerHardwareClasses() {
    Map<String, HardwareClass> classes = new LinkedHashMap<>();
    hardwareClasses.forEach((name, c) -> classes.put(name, c.toClass(name)));
    return classes;
  }
}
