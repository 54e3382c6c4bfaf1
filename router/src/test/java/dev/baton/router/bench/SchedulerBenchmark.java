package dev.baton.router.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.EngineLoad;
import dev.baton.router.endpoint.Role;
import dev.baton.router.pool.Disaggregation;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.ProfileScheduler;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.router.scheduling.config.PluginSpec;
import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.router.scheduling.matcher.ApproximatePrefixMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One scheduling decision with the default profiles: 64 endpoints, a 4,000-character prompt and a
 * prefix index warmed to 1M blocks. The prompt is one of 8 shared system prompts of 1,024 characters
 * plus a tail, and {@code traffic} says how much of it the index has seen:
 * <ul>
 *   <li>{@code hits}: 1,024 prompts sent over and over, so after the first round every block is found;
 *   <li>{@code new-tails}: the system prompt is found, the tail is new each time (a new conversation
 *       on a known system prompt: a partial hit, then new blocks recorded and old ones evicted);
 *   <li>{@code misses}: every prompt is new from its first block (nothing found, every block
 *       recorded, as many evicted from the full index).
 * </ul>
 * A new prompt is made by putting a counter in front of a prepared text (a copy of ~4,000
 * characters, about a microsecond, included in the figure). Run with {@code scripts/bench-scheduler} ({@code -prof gc} shows
 * the bytes allocated per decision as {@code gc.alloc.rate.norm}).
 *
 * <p>Iterations are 1 s so the engine metrics, refreshed before each, stay fresh (2 s max age).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class SchedulerBenchmark {
  private static final String MODEL = "llama";
  private static final int REQUESTS = 1024;

  @Param("64")
  int endpoints;

  @Param("4000")
  int promptChars;

  @Param("1000000")
  int indexBlocks;

  @Param({"hits", "new-tails", "misses"})
  String traffic;

  private ProfileScheduler scheduler;
  private Pool aggregated;
  private Pool disaggregated;
  private SchedulingRequest[] requests;
  private String[] systemPrompts;
  private String[] tails;
  private int next;
  private long fresh;

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(1);
    SchedulerState state = SchedulerState.create();
    scheduler = ProfileScheduler.create(withIndexCapacity(indexBlocks), state);

    List<EndpointState> all = new ArrayList<>();
    List<EndpointState> split = new ArrayList<>();
    for (int i = 0; i < endpoints; i++) {
      EndpointState e = new EndpointState(new Endpoint("e" + i, "http", "10.1.0." + i, 8000,
          Role.BOTH, Set.of(MODEL), Map.of()));
      for (int r = random.nextInt(20); r > 0; r--) {
        e.acquire(1_000 + random.nextInt(4_000));
      }
      all.add(e);
      // The same endpoints as a P/D pool: a quarter prefill, the rest decode.
      split.add(i % 4 == 0 ? new EndpointState(new Endpoint("p" + i, "http", "10.2.0." + i,
          8000, Role.PREFILL, Set.of(MODEL), Map.of())) : e);
    }
    aggregated = new Pool("agg", Set.of(MODEL), all, Disaggregation.OFF);
    disaggregated = new Pool("pd", Set.of(MODEL), split, Disaggregation.atLeast(256));
    refreshLoads();

    // Warm the index to capacity with distinct prompts routed the normal way.
    long target = indexBlocks;
    int blocksPerPrompt = promptChars / 64;
    for (long recorded = 0; recorded < target + blocksPerPrompt * 100L; recorded += blocksPerPrompt) {
      scheduler.plan(request(text(random, promptChars)), aggregated);
    }

    systemPrompts = new String[8];
    for (int i = 0; i < systemPrompts.length; i++) {
      systemPrompts[i] = text(random, 1_024);
    }
    requests = new SchedulingRequest[REQUESTS];
    tails = new String[REQUESTS];
    for (int i = 0; i < REQUESTS; i++) {
      tails[i] = text(random, promptChars - 1_024);
      requests[i] = request(systemPrompts[i % 8] + tails[i]);
    }
  }

  /** The next request, as seen or as new as {@code traffic} says. */
  private SchedulingRequest nextRequest() {
    int i = next++ & (REQUESTS - 1);
    return switch (traffic) {
      case "hits" -> requests[i];
      // The counter after the system prompt changes every block from there on (chained hashes).
      case "new-tails" -> request(systemPrompts[i % 8] + (fresh++) + tails[i]);
      case "misses" -> request((fresh++) + systemPrompts[i % 8] + tails[i]);
      default -> throw new IllegalArgumentException("traffic " + traffic);
    };
  }

  @Setup(Level.Iteration)
  public void refreshLoads() {
    Random random = new Random(2);
    long now = System.nanoTime();
    for (Pool pool : List.of(aggregated, disaggregated)) {
      for (EndpointState e : pool.endpoints()) {
        e.load(new EngineLoad(random.nextInt(30), random.nextInt(5), random.nextDouble(), 4,
            Set.of(), now));
      }
    }
  }

  /** Picks the endpoint for an aggregated request and records the prompt in the index. */
  @Benchmark
  public RoutingPlan planAggregated() {
    return scheduler.plan(nextRequest(), aggregated).orElseThrow();
  }

  /** Picks decode, estimates uncached tokens, and when due picks prefill too. */
  @Benchmark
  public RoutingPlan planDisaggregated() {
    return scheduler.plan(nextRequest(), disaggregated).orElseThrow();
  }

  private static SchedulingRequest request(String prompt) {
    return new SchedulingRequest("bench", MODEL, prompt,
        SchedulingRequest.estimateTokens(prompt.length()), 256, null, null);
  }

  private static SchedulingConfig withIndexCapacity(int blocks) {
    SchedulingConfig defaults = SchedulingConfig.defaults();
    List<PluginSpec> plugins = new ArrayList<>();
    for (PluginSpec spec : defaults.plugins()) {
      plugins.add(spec.type().equals(ApproximatePrefixMatcher.TYPE)
          ? new PluginSpec(spec.name(), spec.type(),
              JsonNodeFactory.instance.objectNode().put("capacityBlocks", blocks))
          : spec);
    }
    return new SchedulingConfig(plugins, defaults.schedulingProfiles());
  }

  private static String text(Random random, int chars) {
    char[] out = new char[chars];
    for (int i = 0; i < chars; i++) {
      out[i] = random.nextInt(6) == 0 ? ' ' : (char) ('a' + random.nextInt(26));
    }
    return new String(out);
  }
}
