package dev.baton.server.scrape;

import dev.baton.router.endpoint.EndpointState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Scrapes every endpoint's {@code /metrics} on a short period and publishes what the engine reports
 * (running and waiting requests, KV-cache usage, LoRA adapters) as {@link EndpointState#load}.
 *
 * <p>A failed, malformed or timed-out scrape changes nothing: the previous load keeps its scrape time
 * and goes stale after {@link MetricsScrapeConfig#staleAfter()}, which the scheduler reads as
 * unknown. Failures are counted per endpoint ({@link #counts}). Scrapes of one endpoint never
 * overlap; the body is parsed as it arrives, never held whole.
 */
public final class MetricsScraper {
  /** Ask for the classic text format; OpenMetrics would change the counter naming. */
  static final String ACCEPT = "text/plain;version=0.0.4;q=1,*/*;q=0.1";

  private final EndpointPoller<ScrapeTarget> poller;
  private volatile MetricsScrapeConfig config;

  public MetricsScraper(Vertx vertx, MetricsScrapeConfig config) {
    this.config = config;
    this.poller = new EndpointPoller<>(vertx, "baton-metrics-scrape", new Scrape());
  }

  /** Starts scraping these endpoints. */
  public Future<Void> start(Collection<EndpointState> endpoints) {
    return update(config, endpoints);
  }

  /** Moves to a new endpoint set: endpoints that stay keep their counters, removed ones stop. */
  public Future<Void> update(Collection<EndpointState> endpoints) {
    return update(config, endpoints);
  }

  /** Moves to a new config and endpoint set at once (a config reload). */
  public Future<Void> update(MetricsScrapeConfig config, Collection<EndpointState> endpoints) {
    this.config = config;
    return poller.update(
        new EndpointPoller.Schedule(config.path(), ACCEPT, config.interval(), config.timeout()),
        endpoints);
  }

  public MetricsScrapeConfig config() {
    return config;
  }

  /** The counters of one scraped endpoint, empty when it is not being scraped. */
  public Optional<ScrapeCounts> counts(String endpointId) {
    return Optional.ofNullable(poller.targets().get(endpointId)).map(ScrapeTarget::counts);
  }

  /** The counters of every scraped endpoint, by id. */
  public Map<String, ScrapeCounts> counts() {
    Map<String, ScrapeCounts> all = new TreeMap<>();
    poller.targets().forEach((id, target) -> all.put(id, target.counts()));
    return all;
  }

  /** Stops scraping; no timer is left behind. */
  public Future<Void> close() {
    return poller.close();
  }

  private static final class Scrape implements EndpointPoller.Handler<ScrapeTarget> {
    @Override
    public ScrapeTarget attach(EndpointState endpoint) {
      return new ScrapeTarget(endpoint);
    }

    @Override
    public Future<?> read(ScrapeTarget target, HttpClientResponse response) {
      if (response.statusCode() != 200) {
        int status = response.statusCode();
        return response.end().compose(v -> Future.failedFuture("answered HTTP " + status));
      }
      target.begin();
      response.handler(target::feed);
      return response.end().compose(v -> target.finish());
    }

    @Override
    public void completed(ScrapeTarget target, Throwable failure) {
      if (failure == null) {
        target.recordSuccess();
      } else {
        target.recordFailure(failure);
      }
    }

    @Override
    public void skipped(ScrapeTarget target) {
      target.recordSkip();
    }
  }
}
