package dev.baton.server.health;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Health;
import dev.baton.server.scrape.EndpointPoller;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import java.util.Collection;
import java.util.Optional;

/**
 * Actively probes every endpoint ({@code GET /health} by default) and flips {@link
 * EndpointState#health} after {@link HealthCheckConfig#unhealthyThreshold()} consecutive failures or
 * {@link HealthCheckConfig#healthyThreshold()} consecutive successes. A failure is an error, a
 * timeout or any answer outside 2xx; probes of one endpoint never overlap.
 */
public final class HealthProber {
  private static final System.Logger LOG = System.getLogger(HealthProber.class.getName());

  private final EndpointPoller<Target> poller;
  private volatile HealthCheckConfig config;

  public HealthProber(Vertx vertx, HealthCheckConfig config) {
    this.config = config;
    this.poller = new EndpointPoller<>(vertx, "baton-health-probe", new Probe());
  }

  /** Starts probing these endpoints; each gets its first probe at once. */
  public Future<Void> start(Collection<EndpointState> endpoints) {
    return update(config, endpoints);
  }

  /** Moves to a new endpoint set: endpoints that stay keep their tallies, removed ones stop. */
  public Future<Void> update(Collection<EndpointState> endpoints) {
    return update(config, endpoints);
  }

  /** Moves to a new config and endpoint set at once (a config reload). */
  public Future<Void> update(HealthCheckConfig config, Collection<EndpointState> endpoints) {
    this.config = config;
    return poller.update(
        new EndpointPoller.Schedule(config.path(), "*/*", config.interval(), config.timeout()),
        endpoints);
  }

  public HealthCheckConfig config() {
    return config;
  }

  /**
   * Consecutive failed probes of an endpoint (0 after a success), empty when it is not probed. For
   * admin views; health itself is on the {@link EndpointState}.
   */
  public Optional<Integer> consecutiveFailures(String endpointId) {
    return Optional.ofNullable(poller.targets().get(endpointId)).map(t -> t.failures);
  }

  /** Stops probing; no timer is left behind. */
  public Future<Void> close() {
    return poller.close();
  }

  /** Per-endpoint tally; {@code failures} is mirrored for readers off the context. */
  private static final class Target {
    final EndpointState endpoint;
    final HealthTally tally = new HealthTally();
    volatile int failures;

    Target(EndpointState endpoint) {
      this.endpoint = endpoint;
    }
  }

  private final class Probe implements EndpointPoller.Handler<Target> {
    @Override
    public Target attach(EndpointState endpoint) {
      return new Target(endpoint);
    }

    @Override
    public Future<?> read(Target target, HttpClientResponse response) {
      int status = response.statusCode();
      return response
          .end()
          .compose(
              v ->
                  status >= 200 && status < 300
                      ? Future.succeededFuture()
                      : Future.failedFuture("answered HTTP " + status));
    }

    @Override
    public void completed(Target target, Throwable failure) {
      EndpointState endpoint = target.endpoint;
      Health before = endpoint.health();
      Health after = target.tally.record(failure == null, before, config);
      target.failures = target.tally.consecutiveFailures();
      if (after == before) {
        return;
      }
      endpoint.health(after);
      if (after == Health.UNHEALTHY) {
        LOG.log(
            System.Logger.Level.WARNING,
            "endpoint {0} is unhealthy after {1} failed probes: {2}",
            endpoint.id(),
            target.tally.consecutiveFailures(),
            failure.getMessage());
      } else if (before == Health.UNHEALTHY) {
        LOG.log(System.Logger.Level.INFO, "endpoint {0} is healthy again", endpoint.id());
      }
    }
  }
}
