package dev.baton.bench.cli;

import dev.baton.bench.BenchOptions;
import dev.baton.bench.BenchProgress;
import dev.baton.bench.BenchRun;
import dev.baton.bench.BenchRunner;
import dev.baton.bench.BenchSummary;
import dev.baton.bench.client.ApiEndpoint;
import dev.baton.bench.replay.ReplaySettings;
import dev.baton.bench.replay.TraceReplay;
import dev.baton.bench.trace.TraceFile;
import dev.baton.bench.trace.TraceSlice;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code baton bench}: drives an OpenAI-compatible server with streaming requests and reports
 * throughput and latency percentiles. Exit status 0 when at least one request succeeded, 1 when
 * none did (or the run could not start), 2 for bad arguments.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Load-test an OpenAI-compatible server (Baton, a vLLM worker, a proxy) with streaming"
            + " requests: open loop with --qps (Poisson arrivals) or closed loop with"
            + " --concurrency,"
            + " until --requests or --duration. Writes a JSON summary to --out and/or stdout"
            + " (--json); progress and a one-line summary go to stderr.")
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--url", paramLabel = "URL", required = true,
      description = "Base URL of the server, e.g. http://127.0.0.1:8000.")
  URI url;

  @Option(names = "--also-url", paramLabel = "URL",
      description = "Base URL of a replica of the same server (repeatable): requests go to --url"
          + " and each replica in turn, like a client alternating between router replicas.")
  java.util.List<URI> alsoUrls = new java.util.ArrayList<>();

  @Option(names = "--model", paramLabel = "NAME",
      description = "Model name to send (default: the first of GET /v1/models).")
  String model;

  @Option(names = "--endpoint", paramLabel = "chat|completions", defaultValue = "chat",
      converter = EndpointConverter.class,
      description = "chat or completions (default: ${DEFAULT-VALUE}).")
  ApiEndpoint endpoint;

  @Option(names = "--api-key", paramLabel = "KEY",
      description = "Sent as 'Authorization: Bearer <key>'.")
  String apiKey;

  @Option(names = {"-H", "--header"}, paramLabel = "NAME: VALUE",
      description = "Extra request header 'Name: value' (repeatable).")
  List<String> headers = List.of();

  @Option(names = "--qps", paramLabel = "RATE",
      description = "Open loop: Poisson arrivals at this many requests per second.")
  Double qps;

  @Option(names = "--concurrency", paramLabel = "N",
      description = "Closed loop: requests kept in flight (default 8).")
  Integer concurrency;

  @Option(names = "--connections", paramLabel = "N", defaultValue = "0",
      description = "Connection pool size (default: the concurrency, or 256 in open loop).")
  int connections;

  @Option(names = "--requests", paramLabel = "N", defaultValue = "0",
      description = "Stop after this many measured requests (0: no count limit).")
  long requests;

  @Option(names = "--duration", paramLabel = "TIME", converter = DurationConverter.class,
      description = "Stop sending after this measured time, e.g. 60s"
          + " (default 30s without --requests).")
  Duration duration;

  @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "0s",
      converter = DurationConverter.class,
      description = "Send but do not measure during this initial time (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--timeout", paramLabel = "TIME", defaultValue = "60s",
      converter = DurationConverter.class,
      description = "Per-request timeout (default: ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(names = "--connect-timeout", paramLabel = "TIME", defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Connect timeout (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @CommandLine.Mixin WorkloadOptions workload = new WorkloadOptions();

  @Option(names = "--trace", paramLabel = "FILE",
      description = "Replay this trace (Baton's trace sink or Mooncake's JSONL) open loop at its"
          + " arrival times instead of a workload; --qps, --concurrency, --requests, --duration,"
          + " --warmup and the workload flags do not apply (docs/tuning.md).")
  Path trace;

  @Option(names = "--speedup", paramLabel = "N", defaultValue = "1",
      description = "With --trace: divide the recorded gaps between arrivals by N"
          + " (default: ${DEFAULT-VALUE}).")
  double speedup;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seeds prompts and arrivals (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--ignore-eos", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Send vLLM's ignore_eos so answers have exactly max_tokens (default: on).")
  boolean ignoreEos;

  @Option(names = "--label", paramLabel = "NAME",
      description = "Name of the run in the summary (default: the workload).")
  String label;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Write the JSON summary to this file.")
  Path out;

  @Option(names = "--json", description = "Print the JSON summary on stdout.")
  boolean json;

  @Option(names = "--quiet", description = "No progress lines.")
  boolean quiet;

  @Option(names = "--event-loops", paramLabel = "N", defaultValue = "2",
      description = "Event loops for the client (default: ${DEFAULT-VALUE}).")
  int eventLoops;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private volatile BenchRun run;
  private volatile boolean stopping;

  @Override
  public Integer call() throws Exception {
    BenchOptions options;
    try {
      options = options();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PrintWriter err = spec.commandLine().getErr();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
    CountDownLatch reported = new CountDownLatch(1);
    Thread interrupt = new Thread(() -> {
      // Ctrl-C: stop sending, let the run drain and report, then let the JVM go.
      stopping = true;
      BenchRun current = run;
      if (current != null) {
        current.stop();
      }
      awaitQuietly(reported, requestTimeout.plusSeconds(5));
    }, "bench-interrupt");
    Runtime.getRuntime().addShutdownHook(interrupt);
    try {
      run = trace == null ? BenchRunner.start(vertx, options) : TraceReplay.start(vertx, options,
          TraceFile.read(trace), new ReplaySettings(speedup, TraceSlice.ALL, label, seed,
              requestTimeout));
      if (stopping) {
        run.stop();
      }
      BenchSummary summary = await(run, err);
      summary = trace == null ? summary : summary.withWorkload(TraceReplay.WORKLOAD);
      new SummaryOutput(out, json).write(summary, spec.commandLine().getOut(), err);
      return summary.ok() > 0 ? 0 : 1;
    } catch (ExecutionException e) {
      err.println("bench: " + e.getCause().getMessage());
      return 1;
    } catch (IllegalArgumentException | java.io.IOException e) {
      err.println("bench: " + e.getMessage());
      return 1;
    } finally {
      reported.countDown();
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      try {
        Runtime.getRuntime().removeShutdownHook(interrupt);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running: nothing to remove.
      }
    }
  }

  private BenchSummary await(BenchRun running, PrintWriter err)
      throws ExecutionException, InterruptedException {
    CompletableFuture<BenchSummary> result =
        running.summary().toCompletionStage().toCompletableFuture();
    BenchProgress previous = null;
    while (true) {
      try {
        return result.get(1, TimeUnit.SECONDS);
      } catch (TimeoutException stillRunning) {
        BenchProgress now = running.progress();
        if (!quiet && !now.phase().equals("done")) {
          err.println(now.line(previous));
          err.flush();
          previous = now;
        }
      }
    }
  }

  BenchOptions options() {
    if (qps != null && concurrency != null) {
      throw new IllegalArgumentException(
          "--qps (open loop) and --concurrency (closed loop) exclude each other");
    }
    BenchOptions.Builder builder = BenchOptions.builder(url)
        .model(model)
        .endpoint(endpoint)
        .apiKey(apiKey)
        .connections(connections)
        .requests(requests)
        .duration(duration == null && requests == 0 ? Duration.ofSeconds(30) : duration)
        .warmup(warmup)
        .requestTimeout(requestTimeout)
        .connectTimeout(connectTimeout)
        .workload(workload.spec())
        .seed(seed)
        .label(label)
        .ignoreEos(ignoreEos)
        .lanes(eventLoops);
    alsoUrls.forEach(builder::replicaUrl);
    if (qps != null) {
      builder.qps(qps);
    } else if (concurrency != null) {
      builder.concurrency(concurrency);
    }
    for (String header : headers) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("--header needs 'Name: value', got '" + header + "'");
      }
      builder.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
    }
    return builder.build();
  }

  private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
    try {
      latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads {@code --endpoint}. */
  static final class EndpointConverter implements CommandLine.ITypeConverter<ApiEndpoint> {
    @Override
    public ApiEndpoint convert(String value) {
      try {
        return ApiEndpoint.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Runs {@code bench} on its own (the {@code baton} launcher also mounts it as a subcommand). */
  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }
}
