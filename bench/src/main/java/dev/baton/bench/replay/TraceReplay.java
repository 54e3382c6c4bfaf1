package dev.baton.bench.replay;

import dev.baton.bench.BenchOptions;
import dev.baton.bench.BenchRun;
import dev.baton.bench.BenchRunner;
import dev.baton.bench.BenchSummary;
import dev.baton.bench.client.ApiEndpoint;
import dev.baton.bench.load.TraceArrivals;
import dev.baton.bench.trace.TraceRecord;
import dev.baton.bench.workload.TraceWorkload;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * Sends a trace's requests to a server open loop at their recorded arrival times (divided by the
 * speed-up), with prompts made up from their block hashes, through the load generator of
 * {@code baton bench}: the same client, measurements and {@link BenchSummary}. Starting the
 * simulated fleet and Baton in front of it is the server module's {@code Replay}.
 */
public final class TraceReplay {

  /** The summary's {@code workload} for a replayed trace. */
  public static final String WORKLOAD = "trace";

  private TraceReplay() {}

  /** Replays {@code trace} against {@code url} and completes with the run's summary. */
  public static Future<BenchSummary> run(
      Vertx vertx, URI url, List<TraceRecord> trace, ReplaySettings settings) {
    try {
      return start(vertx, url, trace, settings).summary()
          .map(summary -> summary.withWorkload(WORKLOAD));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Starts replaying {@code settings.slice()} of {@code trace} in arrival order against
   * {@code url}; the handle gives progress and an early stop. Its summary's {@code workload} is the
   * bench's; {@link #run} renames it.
   *
   * @throws IllegalArgumentException when the slice holds no request
   */
  public static BenchRun start(
      Vertx vertx, URI url, List<TraceRecord> trace, ReplaySettings settings) {
    return start(vertx, BenchOptions.builder(url).requests(1).build(), trace, settings);
  }

  /**
   * As above, with the target, model, key, headers and connections of {@code client} ({@code baton
   * bench --trace}); its load, workload and limits are the trace's.
   */
  public static BenchRun start(
      Vertx vertx, BenchOptions client, List<TraceRecord> trace, ReplaySettings settings) {
    List<TraceRecord> sent = settings.slice().of(inArrivalOrder(trace));
    if (sent.isEmpty()) {
      throw new IllegalArgumentException(
          "the trace's " + settings.slice().cliName() + " slice holds no request");
    }
    double[] arrivals = new double[sent.size()];
    for (int i = 0; i < arrivals.length; i++) {
      arrivals[i] = sent.get(i).arrivalMs();
    }
    // Completions, not chat: the recorded length already holds the original's chat template, and
    // the synthesised text alone is that long (plus the engine's one begin-of-text token).
    BenchOptions options = new BenchOptions(client.url(), client.model(),
        ApiEndpoint.COMPLETIONS, client.apiKey(), client.headers(),
        meanRate(arrivals, settings.speedup()), client.concurrency(), client.connections(),
        sent.size(), null, Duration.ZERO, settings.requestTimeout(), client.connectTimeout(),
        client.workload(), settings.seed(), settings.label(), true, client.lanes(),
        client.replicaUrls());
    return BenchRunner.start(vertx, options, new TraceWorkload(sent, settings.seed(), settings.headers()),
        new TraceArrivals(arrivals, settings.speedup()));
  }

  /**
   * The trace sorted by arrival, ties in file order: Baton writes a line when its request ends, so
   * a file is in order of ends, not of arrivals.
   */
  public static List<TraceRecord> inArrivalOrder(List<TraceRecord> trace) {
    return trace.stream().sorted(Comparator.comparingDouble(TraceRecord::arrivalMs)).toList();
  }

  /** Requests per second over the replayed span; what the summary shows as {@code qps}. */
  static double meanRate(double[] arrivalMillis, double speedup) {
    double spanMillis = arrivalMillis[arrivalMillis.length - 1] - arrivalMillis[0];
    if (arrivalMillis.length < 2 || spanMillis <= 0) {
      return arrivalMillis.length;
    }
    return (arrivalMillis.length - 1) * 1000.0 * speedup / spanMillis;
  }
}
