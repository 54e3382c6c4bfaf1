package dev.baton.router.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.EngineLoad;
import dev.baton.router.endpoint.Role;
import dev.baton.router.pool.Disaggregation;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.Phase;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Endpoints, pools, requests and a controllable clock for scheduler tests. */
public final class Fixtures {
  public static final String MODEL = "llama";
  /** A start far from zero so "now minus a few seconds" stays positive. */
  public static final long T0 = 1_000_000_000_000L;

  private Fixtures() {}

  /** A clock tests move by hand. */
  public static final class Clock {
    private final AtomicLong now = new AtomicLong(T0);

    public long now() {
      return now.get();
    }

    public void advanceMillis(long millis) {
      now.addAndGet(millis * 1_000_000L);
    }
  }

  public static SchedulerState state(Clock clock, long seed) {
    return SchedulerState.create(clock::now, new Random(seed));
  }

  /** A scheduling configuration from JSON written with single quotes, easier to read in Java strings. */
  public static SchedulingConfig schedulingConfig(String json) throws JsonProcessingException {
    return new ObjectMapper().readValue(json.replace('\'', '"'), SchedulingConfig.class);
  }

  public static EndpointState endpoint(String id) {
    return endpoint(id, Role.BOTH, Map.of());
  }

  public static EndpointState endpoint(String id, Role role) {
    return endpoint(id, role, Map.of());
  }

  public static EndpointState endpoint(String id, Role role, Map<String, String> labels) {
    return new EndpointState(
        new Endpoint(id, "http", "10.0.0." + (Math.abs(id.hashCode()) % 250 + 1), 8000, role,
            Set.of(MODEL), labels));
  }

  /** Engine metrics scraped at {@code scrapedAt}. */
  public static EngineLoad load(int running, int waiting, double kvUsage, long scrapedAt) {
    return new EngineLoad(running, waiting, kvUsage, 0, Set.of(), scrapedAt);
  }

  public static EngineLoad lora(int maxLoras, Set<String> active, long scrapedAt) {
    return new EngineLoad(0, 0, 0, maxLoras, active, scrapedAt);
  }

  /** Adds {@code n} in-flight requests of {@code tokensEach} tokens (the leases are never released). */
  public static EndpointState inFlight(EndpointState e, int n, long tokensEach) {
    for (int i = 0; i < n; i++) {
      e.acquire(tokensEach);
    }
    return e;
  }

  public static Pool pool(Disaggregation split, EndpointState... endpoints) {
    return new Pool("pool", Set.of(MODEL), List.of(endpoints), split);
  }

  public static SchedulingRequest request(String prompt) {
    return new SchedulingRequest(
        "req", MODEL, prompt, SchedulingRequest.estimateTokens(prompt.length()), 16, null, null);
  }

  public static SchedulingRequest request(String prompt, String sessionKey, String lora) {
    return new SchedulingRequest(
        "req", MODEL, prompt, SchedulingRequest.estimateTokens(prompt.length()), 16, sessionKey,
        lora);
  }

  /** A decision context holding the given candidates, as the scheduler would after filtering. */
  public static SchedulingContext context(
      SchedulerState state, SchedulingRequest request, Phase phase, List<EndpointState> candidates) {
    SchedulingContext ctx = new SchedulingContext(state);
    ctx.reset(request, phase);
    candidates.forEach(ctx::add);
    return ctx;
  }

  /** Deterministic text of {@code chars} characters, distinct per seed. */
  public static String text(long seed, int chars) {
    Random random = new Random(seed);
    StringBuilder sb = new StringBuilder(chars);
    while (sb.length() < chars) {
      sb.append((char) ('a' + random.nextInt(26)));
      if (random.nextInt(6) == 0 && sb.length() < chars) {
        sb.append(' ');
      }
    }
    return sb.toString();
  }
}
