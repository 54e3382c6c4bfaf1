package dev.baton.server.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.EngineLoad;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsScraperTest {
  private static final MetricsScrapeConfig FAST =
      new MetricsScrapeConfig(
          "/metrics", Duration.ofMillis(20), Duration.ofMillis(300), Duration.ofMillis(600));

  private final Vertx vertx = Vertx.vertx();
  private final List<FixtureWorker> workers = new ArrayList<>();
  private final List<MetricsScraper> scrapers = new ArrayList<>();

  @AfterEach
  void tearDown() {
    scrapers.forEach(s -> Await.result(s.close()));
    workers.forEach(FixtureWorker::close);
    Await.result(vertx.close());
  }

  @Test
  void loadAppearsAndFollowsTheEngine() {
    FixtureWorker worker = worker().metrics(MetricsFixtures.VLLM);
    MetricsScraper scraper = scraper(FAST, worker.state());

    Await.until("the first load", () -> worker.state().load().isKnown());
    EngineLoad first = worker.state().load();
    assertThat(first.running()).isEqualTo(3);
    assertThat(first.waiting()).isEqualTo(1);
    assertThat(first.kvCacheUsage()).isEqualTo(0.4215);
    assertThat(first.activeLoras()).containsExactlyInAnyOrder("sql-lora", "chat-lora");

    worker.metrics(MetricsFixtures.vllm(7, 2, 0.9));
    Await.until("the new load", () -> worker.state().load().running() == 7);
    assertThat(worker.state().load().kvCacheUsage()).isEqualTo(0.9);
    assertThat(scraper.counts(worker.state().id()).orElseThrow().succeeded()).isGreaterThan(1);
  }

  @Test
  void readsSglangToo() {
    FixtureWorker worker = worker().metrics(MetricsFixtures.SGLANG);
    scraper(FAST, worker.state());

    Await.until("the SGLang load", () -> worker.state().load().isKnown());
    assertThat(worker.state().load().running()).isEqualTo(5);
    assertThat(worker.state().load().waiting()).isEqualTo(2);
  }

  @Test
  void aWorkerThatStopsAnsweringLeavesItsLoadToGoStale() {
    FixtureWorker worker = worker().metrics(MetricsFixtures.vllm(4, 0, 0.5));
    MetricsScraper scraper = scraper(FAST, worker.state());
    String id = worker.state().id();
    Await.until("the first load", () -> worker.state().load().isKnown());

    worker.stall(true);
    long failedBefore = scraper.counts(id).orElseThrow().failed();
    Await.until("a timed-out scrape", () -> scraper.counts(id).orElseThrow().failed() > failedBefore);
    EngineLoad last = worker.state().load();
    long failedAfter = scraper.counts(id).orElseThrow().failed();
    Await.until("another timed-out scrape", () -> scraper.counts(id).orElseThrow().failed() > failedAfter);

    assertThat(worker.state().load()).as("a failed scrape writes nothing").isSameAs(last);
    assertThat(last.running()).isEqualTo(4);
    long staleAfter = FAST.staleAfter().toNanos();
    Await.until("the load to go stale", () -> last.isStale(System.nanoTime(), staleAfter));
    ScrapeCounts counts = scraper.counts(id).orElseThrow();
    assertThat(counts.lastFailure()).contains("no complete answer within 300 ms");
    // Rounds come every 20 ms while a scrape waits up to 300 ms: those rounds are skipped.
    assertThat(counts.skipped()).isPositive();
    assertThat(worker.maxConcurrentRequests()).as("scrapes never overlap").isEqualTo(1);

    worker.stall(false).metrics(MetricsFixtures.vllm(9, 0, 0.5));
    Await.until("a fresh load after recovery", () -> worker.state().load().running() == 9);
  }

  @Test
  void aStoppedWorkerCountsConnectionFailures() {
    FixtureWorker worker = worker().metrics(MetricsFixtures.vllm(1, 1, 0.1));
    MetricsScraper scraper = scraper(FAST, worker.state());
    String id = worker.state().id();
    Await.until("the first load", () -> worker.state().load().isKnown());

    worker.close();
    workers.remove(worker);

    // A scrape already answered when the worker closed may still land: take the load after the
    // first failure, then check that further failures leave it alone.
    Await.until("a failed scrape", () -> scraper.counts(id).orElseThrow().failed() >= 1);
    EngineLoad last = worker.state().load();
    long failedBefore = scraper.counts(id).orElseThrow().failed();
    Await.until("more failed scrapes",
        () -> scraper.counts(id).orElseThrow().failed() >= failedBefore + 3);
    assertThat(worker.state().load()).isSameAs(last);
    Await.until("the load to go stale", () -> last.isStale(System.nanoTime(), FAST.staleAfter().toNanos()));
  }

  @Test
  void badAnswersAreCountedAndKeepTheOldLoad() {
    FixtureWorker worker = worker().metrics(MetricsFixtures.vllm(2, 0, 0.2));
    MetricsScraper scraper = scraper(FAST, worker.state());
    String id = worker.state().id();
    Await.until("the first load", () -> worker.state().load().isKnown());

    worker.metrics("vllm:num_requests_running{engine=\"0\" 5\n");
    awaitFailure(scraper, id, "line 1");
    worker.metrics(MetricsFixtures.NO_ENGINE_METRICS);
    awaitFailure(scraper, id, "no vLLM or SGLang load metrics");
    worker.metrics(MetricsFixtures.vllm(5, 0, 0.2)).metricsStatus(500);
    awaitFailure(scraper, id, "HTTP 500");

    assertThat(worker.state().load().running()).isEqualTo(2);
  }

  @Test
  void updateKeepsStayingEndpointsAndStopsRemovedOnes() {
    FixtureWorker leaving = worker().metrics(MetricsFixtures.vllm(1, 0, 0.1));
    FixtureWorker staying = worker().metrics(MetricsFixtures.vllm(2, 0, 0.2));
    FixtureWorker joining = worker().metrics(MetricsFixtures.vllm(3, 0, 0.3));
    MetricsScraper scraper = scraper(FAST, leaving.state(), staying.state());
    Await.until("both loads", () -> leaving.state().load().isKnown() && staying.state().load().isKnown());
    long stayingSucceeded = scraper.counts(staying.state().id()).orElseThrow().succeeded();

    Await.result(scraper.update(List.of(staying.state(), joining.state())));
    int leavingRequests = leaving.requests("/metrics");

    Await.until("the joining endpoint's load", () -> joining.state().load().running() == 3);
    int joiningBefore = joining.requests("/metrics");
    Await.until("several more rounds", () -> joining.requests("/metrics") >= joiningBefore + 5);
    // At most one scrape of the removed endpoint was already on its way when update() returned.
    assertThat(leaving.requests("/metrics")).isLessThanOrEqualTo(leavingRequests + 1);
    assertThat(scraper.counts(leaving.state().id())).isEmpty();
    assertThat(scraper.counts(staying.state().id()).orElseThrow().succeeded())
        .as("counters survive the update")
        .isGreaterThanOrEqualTo(stayingSucceeded);
    assertThat(scraper.counts()).containsOnlyKeys(staying.state().id(), joining.state().id());
  }

  @Test
  void updateAppliesANewInterval() {
    FixtureWorker worker = worker().metrics(MetricsFixtures.vllm(1, 0, 0.1));
    MetricsScrapeConfig slow =
        new MetricsScrapeConfig("/metrics", Duration.ofHours(1), Duration.ofMillis(300), Duration.ofHours(2));
    MetricsScraper scraper = scraper(slow, worker.state());
    Await.until("the first scrape, sent at once", () -> worker.requests("/metrics") == 1);

    Await.result(scraper.update(FAST, List.of(worker.state())));

    Await.until("scrapes at the new interval", () -> worker.requests("/metrics") >= 5);
    assertThat(scraper.config()).isEqualTo(FAST);
  }

  @Test
  void closeStopsEveryScrape() {
    FixtureWorker worker = worker().metrics(MetricsFixtures.vllm(1, 0, 0.1));
    MetricsScraper closing = scraper(FAST, worker.state());
    // A second scraper of the same worker on another path is the clock for "long enough".
    MetricsScrapeConfig control =
        new MetricsScrapeConfig("/control", FAST.interval(), FAST.timeout(), FAST.staleAfter());
    scraper(control, worker.state());
    Await.until("scrapes", () -> worker.requests("/metrics") > 0);

    Await.result(closing.close());
    int afterClose = worker.requests("/metrics");

    int controlNow = worker.requests("/control");
    Await.until("ten rounds of the other scraper", () -> worker.requests("/control") >= controlNow + 10);
    assertThat(worker.requests("/metrics")).isLessThanOrEqualTo(afterClose + 1);
    assertThat(closing.counts()).isEmpty();
  }

  private void awaitFailure(MetricsScraper scraper, String id, String reason) {
    Await.until(
        "a failure for " + reason,
        () -> {
          String last = scraper.counts(id).orElseThrow().lastFailure();
          return last != null && last.contains(reason);
        });
  }

  private FixtureWorker worker() {
    FixtureWorker worker = FixtureWorker.start(vertx);
    workers.add(worker);
    return worker;
  }

  private MetricsScraper scraper(MetricsScrapeConfig config, EndpointState... endpoints) {
    MetricsScraper scraper = new MetricsScraper(vertx, config);
    scrapers.add(scraper);
    Await.result(scraper.start(List.of(endpoints)));
    return scraper;
  }
}
