package dev.baton.bench;

import dev.baton.bench.client.ApiEndpoint;
import dev.baton.bench.client.Target;
import dev.baton.bench.workload.WorkloadKind;
import dev.baton.bench.workload.WorkloadSpec;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one benchmark run needs. Build with {@link #builder(URI)}; the CLI flag of each field
 * is named after it ({@code --concurrency}, {@code --request-timeout} is {@code --timeout}).
 *
 * @param url base URL of the OpenAI-compatible server (Baton, a worker, a proxy); the only address
 *     the generator dials
 * @param model model name to send; {@code null} asks {@code GET /v1/models} and uses the first
 * @param endpoint chat or completions
 * @param apiKey sent as {@code Authorization: Bearer ...} when not {@code null}
 * @param headers extra request headers (e.g. fault-injection headers of the simulator)
 * @param qps open-loop Poisson arrival rate in requests per second; 0 selects closed loop
 * @param concurrency closed loop: how many requests are kept in flight
 * @param connections connection pool size; 0 picks the concurrency (closed loop) or 256 (open loop)
 * @param requests stop after this many measured requests; 0 for no count limit
 * @param duration stop sending after this measured time; {@code null} for no time limit (at least
 *     one of requests and duration must be set, so every run ends by itself)
 * @param warmup time at the start whose requests are sent but not measured
 * @param requestTimeout a request not finished within this is aborted and counted as timeout
 * @param connectTimeout a connection not made within this counts as a connect error
 * @param workload what to send
 * @param seed seeds the workload and the arrival times
 * @param label names the run in the summary
 * @param ignoreEos send vLLM's {@code ignore_eos: true} so every answer has {@code max_tokens}
 * @param lanes how many event loops the requests are spread over
 * @param replicaUrls base URLs of further replicas of the same server (e.g. a second Baton over the
 *     same workers); requests go to {@code url} and these in turn, as a client alternating between
 *     replicas would. Empty: every request goes to {@code url}
 */
public record BenchOptions(
    URI url,
    String model,
    ApiEndpoint endpoint,
    String apiKey,
    Map<String, String> headers,
    double qps,
    int concurrency,
    int connections,
    long requests,
    Duration duration,
    Duration warmup,
    Duration requestTimeout,
    Duration connectTimeout,
    WorkloadSpec workload,
    long seed,
    String label,
    boolean ignoreEos,
    int lanes,
    List<URI> replicaUrls) {

  public BenchOptions {
    Objects.requireNonNull(url, "url");
    Target.parse(url);
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(workload, "workload");
    headers = Map.copyOf(headers == null ? Map.of() : headers);
    warmup = warmup == null ? Duration.ZERO : warmup;
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (qps < 0 || Double.isNaN(qps) || Double.isInfinite(qps)) {
      throw new IllegalArgumentException("qps must be a positive number, got " + qps);
    }
    if (qps == 0 && concurrency < 1) {
      throw new IllegalArgumentException(
          "give a positive qps (open loop) or concurrency (closed loop)");
    }
    if (connections < 0) {
      throw new IllegalArgumentException("connections must be >= 0, got " + connections);
    }
    if (requests < 0) {
      throw new IllegalArgumentException("requests must be >= 0, got " + requests);
    }
    if (requests == 0 && (duration == null || duration.isZero())) {
      throw new IllegalArgumentException("give requests or duration: a run must end by itself");
    }
    if (duration != null && duration.isNegative() || warmup.isNegative()) {
      throw new IllegalArgumentException("duration and warmup must not be negative");
    }
    if (requestTimeout.toMillis() < 1 || connectTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("timeouts must be at least 1 ms");
    }
    if (lanes < 1) {
      throw new IllegalArgumentException("lanes must be >= 1, got " + lanes);
    }
    if (label == null || label.isBlank()) {
      label = workload.kind().cliName();
    }
    replicaUrls = List.copyOf(replicaUrls == null ? List.of() : replicaUrls);
    replicaUrls.forEach(Target::parse);
  }

  public static Builder builder(URI url) {
    return new Builder(url);
  }

  public static Builder builder(String url) {
    return new Builder(URI.create(url));
  }

  /** Whether arrivals are open-loop Poisson ({@code qps > 0}) rather than closed-loop. */
  public boolean openLoop() {
    return qps > 0;
  }

  /** The connection pool size this run uses. */
  public int poolSize() {
    if (connections > 0) {
      return connections;
    }
    return openLoop() ? 256 : concurrency;
  }

  /** Fills in {@link BenchOptions} with the defaults documented in bench/README.md. */
  public static final class Builder {
    private final URI url;
    private final List<URI> replicaUrls = new java.util.ArrayList<>();
    private String model;
    private ApiEndpoint endpoint = ApiEndpoint.CHAT;
    private String apiKey;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private double qps;
    private int concurrency = 8;
    private int connections;
    private long requests;
    private Duration duration;
    private Duration warmup = Duration.ZERO;
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private WorkloadSpec workload = WorkloadSpec.defaults(WorkloadKind.SHARED_PREFIX);
    private long seed = 42;
    private String label;
    private boolean ignoreEos = true;
    private int lanes = 2;

    private Builder(URI url) {
      this.url = url;
    }

    public Builder model(String value) {
      this.model = value;
      return this;
    }

    public Builder endpoint(ApiEndpoint value) {
      this.endpoint = value;
      return this;
    }

    public Builder apiKey(String value) {
      this.apiKey = value;
      return this;
    }

    public Builder header(String name, String value) {
      this.headers.put(name, value);
      return this;
    }

    /** Open loop at {@code value} requests per second. */
    public Builder qps(double value) {
      this.qps = value;
      return this;
    }

    /** Closed loop with {@code value} requests in flight (and open loop off). */
    public Builder concurrency(int value) {
      this.concurrency = value;
      this.qps = 0;
      return this;
    }

    public Builder connections(int value) {
      this.connections = value;
      return this;
    }

    public Builder requests(long value) {
      this.requests = value;
      return this;
    }

    public Builder duration(Duration value) {
      this.duration = value;
      return this;
    }

    public Builder warmup(Duration value) {
      this.warmup = value;
      return this;
    }

    public Builder requestTimeout(Duration value) {
      this.requestTimeout = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    public Builder workload(WorkloadSpec value) {
      this.workload = value;
      return this;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    public Builder label(String value) {
      this.label = value;
      return this;
    }

    public Builder ignoreEos(boolean value) {
      this.ignoreEos = value;
      return this;
    }

    public Builder lanes(int value) {
      this.lanes = value;
      return this;
    }

    /** Adds a replica that every other (every n-th) request goes to. */
    public Builder replicaUrl(URI value) {
      this.replicaUrls.add(value);
      return this;
    }

    public BenchOptions build() {
      return new BenchOptions(
          url, model, endpoint, apiKey, headers, qps, concurrency, connections, requests, duration,
          warmup, requestTimeout, connectTimeout, workload, seed, label, ignoreEos, lanes,
          replicaUrls);
    }
  }
}
