package dev.baton.server.scrape;

import dev.baton.router.endpoint.EndpointState;
import io.vertx.core.Future;
import dev.baton.router.endpoint.EngineLoad;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scraper's per-endpoint state: a reusable parser and reader (scrapes of one endpoint never
 * overlap), and the counters behind {@link ScrapeCounts}.
 */
final class ScrapeTarget {
  private static final System.Logger LOG = System.getLogger(MetricsScraper.class.getName());
  /** A body larger than this is not an engine's metrics page; give up rather than parse on. */
  static final long MAX_BODY_BYTES = 32L << 20;

  final EndpointState endpoint;
  private final EngineLoadReader reader = new EngineLoadReader();
  private final PrometheusTextParser parser = new PrometheusTextParser(reader);
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private volatile String lastFailure;
  // Touched on the scraper's context only.
  private int consecutiveFailures;
  private long bodyBytes;
  private RuntimeException bodyError;

  ScrapeTarget(EndpointState endpoint) {
    this.endpoint = endpoint;
  }

  void begin() {
    parser.reset();
    reader.reset();
    bodyBytes = 0;
    bodyError = null;
  }

  /** Parses a chunk; after the first error the rest of the body is only drained. */
  void feed(Buffer chunk) {
    if (bodyError != null) {
      return;
    }
    bodyBytes += chunk.length();
    try {
      if (bodyBytes > MAX_BODY_BYTES) {
        throw new IllegalStateException("body larger than " + MAX_BODY_BYTES + " bytes");
      }
      parser.feed(chunk);
    } catch (RuntimeException e) {
      bodyError = e;
    }
  }

  /** At the end of the body: publishes the load, or fails when the body gave none. */
  Future<Void> finish() {
    try {
      if (bodyError == null) {
        parser.end();
      }
    } catch (RuntimeException e) {
      bodyError = e;
    }
    if (bodyError != null) {
      reader.reset();
      return Future.failedFuture(bodyError);
    }
    return reader
        .finish(System.nanoTime())
        .map(load -> {
          endpoint.load(load);
          loadRanks(load);
          return Future.<Void>succeededFuture();
        })
        .orElseGet(() -> Future.failedFuture("no vLLM or SGLang load metrics in the body"));
  }

  /**
   * Gives each data-parallel rank its own series' load ({@code engine="<rank>"}, as vLLM labels
   * them); a rank the body does not name (an engine that labels no ranks) gets an even share of the
   * server's, so the ranks still compare by what Baton sends them.
   */
  private void loadRanks(EngineLoad server) {
    List<EndpointState> ranks = endpoint.candidates();
    if (ranks.size() == 1) {
      return;
    }
    int n = ranks.size();
    EngineLoad share = new EngineLoad(server.running() / n, server.waiting() / n,
        server.kvCacheUsage(), server.maxLoras(), server.activeLoras(), server.scrapedAtNanos());
    for (EndpointState rank : ranks) {
      rank.load(reader.rankLoad(rank.rank().index(), server).orElse(share));
    }
  }

  void recordSuccess() {
    succeeded.incrementAndGet();
    if (consecutiveFailures > 0) {
      LOG.log(
          System.Logger.Level.INFO,
          "metrics of endpoint {0} readable again after {1} failed scrapes",
          endpoint.id(),
          consecutiveFailures);
      consecutiveFailures = 0;
    }
  }

  /** Counts a failure; logs only the first of a run, as scrapes come many times a second. */
  void recordFailure(Throwable cause) {
    failed.incrementAndGet();
    String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    lastFailure = reason;
    if (consecutiveFailures++ == 0) {
      LOG.log(
          System.Logger.Level.WARNING,
          "cannot scrape metrics of endpoint {0} ({1}); its load will go stale",
          endpoint.id(),
          reason);
    }
  }

  void recordSkip() {
    skipped.incrementAndGet();
  }

  ScrapeCounts counts() {
    return new ScrapeCounts(succeeded.get(), failed.get(), skipped.get(), lastFailure);
  }
}
