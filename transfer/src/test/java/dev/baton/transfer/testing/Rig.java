package dev.baton.transfer.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Role;
import dev.baton.router.pool.Disaggregation;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.LeastInFlightScheduler;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.router.scheduling.Scheduler;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.transfer.breaker.EndpointBreakers;
import dev.baton.transfer.call.WorkerCalls;
import dev.baton.transfer.call.WorkerPolicy;
import dev.baton.transfer.exchange.SingleLegExchange;
import dev.baton.transfer.handoff.Dialects;
import dev.baton.transfer.handoff.HandoffCounters;
import dev.baton.transfer.handoff.HandoffDialect;
import dev.baton.transfer.handoff.HandoffPolicy;
import dev.baton.transfer.handoff.PrefillFailurePolicy;
import dev.baton.transfer.handoff.PrefillLookups;
import dev.baton.transfer.handoff.RequestKind;
import dev.baton.transfer.protocol.ExchangeRequest;
import dev.baton.transfer.protocol.Exchanges;
import dev.baton.transfer.relay.Downstream;
import dev.baton.transfer.relay.RelayCounters;
import dev.baton.transfer.relay.RelayOutcome;
import dev.baton.transfer.relay.ResponseRelay;
import dev.baton.transfer.retry.RetryBudgets;
import dev.baton.transfer.upstream.HopByHop;
import dev.baton.transfer.upstream.UpstreamTimeouts;
import dev.baton.transfer.upstream.WorkerClient;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transfer layer wired as Baton wires it, without the server: a pool of workers, the worker-call
 * stack, the one entry {@link Exchanges}, and a {@link Front} whose every request is planned over
 * the pool (least in-flight, ties in the order the workers were given) and executed.
 */
public final class Rig implements AutoCloseable {
  /** The model the pool serves unless the builder names another. */
  public static final String MODEL = "m";
  private static final ObjectMapper JSON = new ObjectMapper();

  public final Front front;
  public final Pool pool;
  public final EndpointBreakers breakers = new EndpointBreakers();
  public final HandoffCounters counters = new HandoffCounters();
  public final RelayCounters relayCounters = new RelayCounters();
  private final WorkerClient client;
  /** What concurrent dialects learned of the prefill workers (bootstrap ports, engine ids). */
  public final PrefillLookups lookups;
  private final Builder settings;
  private final Scheduler scheduler = new LeastInFlightScheduler();
  private final Exchanges exchanges;

  private Rig(ExchangeBed bed, Builder b) {
    this.settings = b;
    List<EndpointState> states = new ArrayList<>();
    b.prefill.forEach(url -> states.add(state(url, Role.PREFILL, b.model, b.bootstrapPort,
        b.dataParallelSize, b.labels.getOrDefault(url, Map.of()))));
    b.decode.forEach(url -> states.add(state(url, b.prefill.isEmpty() ? Role.BOTH : Role.DECODE,
        b.model, 0, b.dataParallelSize, b.labels.getOrDefault(url, Map.of()))));
    this.pool = new Pool("pool", Set.of(b.model), states,
        b.prefill.isEmpty() ? Disaggregation.OFF : new Disaggregation(true, 0));
    this.client = new WorkerClient(bed.vertx(), b.workers.timeouts(), b.connectionsPerWorker);
    this.lookups = new PrefillLookups(bed.vertx());
    WorkerCalls calls = new WorkerCalls(client, new ResponseRelay(bed.vertx(), relayCounters),
        breakers, new RetryBudgets());
    this.exchanges = new Exchanges(new SingleLegExchange(calls), counters, lookups);
    this.front = Front.start(bed.vertx(), this::execute);
    bed.closeAfter(this);
  }

  public static Builder builder() {
    return new Builder();
  }

  private static EndpointState state(String url, Role role, String model, int bootstrapPort,
      int ranks, Map<String, String> labels) {
    URI uri = URI.create(url);
    return new EndpointState(new Endpoint(uri.getHost() + ":" + uri.getPort(), "http", uri.getHost(),
        uri.getPort(), role, Set.of(model), labels, bootstrapPort, ranks));
  }

  private Future<RelayOutcome> execute(Downstream down, HttpServerRequest req, Buffer body) {
    ObjectNode json;
    try {
      json = (ObjectNode) JSON.readTree(body.getBytes());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    RequestKind kind = req.path().equals(RequestKind.CHAT.path()) ? RequestKind.CHAT : RequestKind.COMPLETION;
    MultiMap headers = HopByHop.endToEnd(req.headers()).set("x-request-id", down.requestId());
    SchedulingRequest scheduling = new SchedulingRequest(down.requestId(), settings.model, "",
        SchedulingRequest.estimateTokens(body.length()), json.path("max_tokens").asInt(16), null, null);
    RoutingPlan plan = scheduler.plan(scheduling, pool).orElseThrow();
    boolean promptParts = json.path("echo").asBoolean(false) || json.has("prompt_logprobs");
    return exchanges.execute(down, new ExchangeRequest(kind, json, body, headers,
        json.path("stream").asBoolean(false), promptParts, scheduling, pool, scheduler,
        settings.dialect, new HandoffPolicy(settings.prefillRetries, settings.onPrefillFailure),
        settings.workers), plan);
  }

  /** The live state of the endpoint serving at {@code url}. */
  public EndpointState endpoint(String url) {
    URI uri = URI.create(url);
    String id = uri.getHost() + ":" + uri.getPort();
    return pool.endpoints().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
  }

  public int inFlight() {
    return pool.endpoints().stream().mapToInt(EndpointState::inFlightRequests).sum();
  }

  public String url(String path) {
    return front.url(path);
  }

  @Override
  public void close() {
    front.close();
    Await.get(client.closeAsync());
    Await.get(lookups.close());
  }

  /** What the rig's pool is made of; defaults are Baton's. */
  public static final class Builder {
    private final List<String> prefill = new ArrayList<>();
    private final List<String> decode = new ArrayList<>();
    private HandoffDialect dialect = Dialects.get("nixl");
    private int prefillRetries = 1;
    private PrefillFailurePolicy onPrefillFailure = PrefillFailurePolicy.DECODE;
    private WorkerPolicy workers = WorkerPolicy.DEFAULTS;
    private int connectionsPerWorker = 512;
    private String model = MODEL;
    private int bootstrapPort;
    private int dataParallelSize = 1;
    private final Map<String, Map<String, String>> labels = new java.util.HashMap<>();

    /** Prefill workers, tried in this order; none makes an aggregated pool. */
    public Builder prefill(String... urls) {
      prefill.addAll(List.of(urls));
      return this;
    }

    public Builder decode(String... urls) {
      decode.addAll(List.of(urls));
      return this;
    }

    /** The pool's {@code dialect:}, a name registered in {@link Dialects}. */
    public Builder dialect(String name) {
      dialect = Dialects.get(name);
      return this;
    }

    public Builder prefillRetries(int value, PrefillFailurePolicy onFailure) {
      prefillRetries = value;
      onPrefillFailure = onFailure;
      return this;
    }

    public Builder workers(WorkerPolicy value) {
      workers = value;
      return this;
    }

    public Builder timeouts(UpstreamTimeouts value) {
      workers = new WorkerPolicy(value, workers.retry(), workers.breaker());
      return this;
    }

    /** The prefill workers' configured {@code bootstrapPort} (0: none). */
    public Builder bootstrapPort(int value) {
      bootstrapPort = value;
      return this;
    }

    /** The data-parallel ranks every worker fronts (1: none). */
    public Builder dataParallelSize(int value) {
      dataParallelSize = value;
      return this;
    }

    /** The labels of the worker at {@code url} (none unless given). */
    public Builder labels(String url, Map<String, String> value) {
      labels.put(url, value);
      return this;
    }

    public Builder model(String value) {
      model = value;
      return this;
    }

    /** Connect, first-byte and idle timeouts in milliseconds. */
    public Builder timeouts(long connectMs, long firstByteMs, long idleMs) {
      return timeouts(new UpstreamTimeouts(Duration.ofMillis(connectMs), Duration.ofMillis(firstByteMs),
          Duration.ofMillis(idleMs)));
    }

    public Builder connectionsPerWorker(int value) {
      connectionsPerWorker = value;
      return this;
    }

    public Rig start(ExchangeBed bed) {
      return new Rig(bed, this);
    }
  }
}
