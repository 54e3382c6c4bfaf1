package dev.baton.server.health;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.server.scrape.MetricsScrapeConfig;
import dev.baton.server.scrape.MetricsScraper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.List;

/**
 * Keeps every endpoint's live state current in the background: health from active probes, load from
 * engine metrics. The one object the server starts at boot, updates on each config reload and closes
 * at shutdown.
 */
public final class LiveState {
  private final HealthProber healthProber;
  private final MetricsScraper metricsScraper;

  private LiveState(HealthProber healthProber, MetricsScraper metricsScraper) {
    this.healthProber = healthProber;
    this.metricsScraper = metricsScraper;
  }

  /** Starts probing and scraping {@code endpoints}; completes once both loops are running. */
  public static Future<LiveState> start(
      Vertx vertx,
      HealthCheckConfig healthChecks,
      MetricsScrapeConfig metricsScrape,
      Collection<EndpointState> endpoints) {
    List<EndpointState> snapshot = List.copyOf(endpoints);
    LiveState live =
        new LiveState(
            new HealthProber(vertx, healthChecks), new MetricsScraper(vertx, metricsScrape));
    return Future.all(live.healthProber.start(snapshot), live.metricsScraper.start(snapshot))
        .map(live)
        .recover(failure -> live.close().transform(v -> Future.failedFuture(failure)));
  }

  /** A reload changed the endpoint set; endpoints that stay keep their tallies and counters. */
  public Future<Void> update(Collection<EndpointState> endpoints) {
    return update(healthProber.config(), metricsScraper.config(), endpoints);
  }

  /** A reload changed the config and perhaps the endpoint set. */
  public Future<Void> update(
      HealthCheckConfig healthChecks,
      MetricsScrapeConfig metricsScrape,
      Collection<EndpointState> endpoints) {
    List<EndpointState> snapshot = List.copyOf(endpoints);
    return Future.all(
            healthProber.update(healthChecks, snapshot),
            metricsScraper.update(metricsScrape, snapshot))
        .mapEmpty();
  }

  public HealthProber healthProber() {
    return healthProber;
  }

  public MetricsScraper metricsScraper() {
    return metricsScraper;
  }

  /** Stops both loops and their HTTP clients. */
  public Future<Void> close() {
    return Future.join(healthProber.close(), metricsScraper.close()).mapEmpty();
  }
}
