package dev.baton.router.bench;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Role;
import dev.baton.router.prefix.TokenBlockIndex;
import dev.baton.router.scheduling.Phase;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.router.scheduling.matcher.PrecisePrefixMatcher;
import dev.baton.router.scheduling.plugin.Parameters;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import java.util.Arrays;
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
 * The {@code precise-prefix-cache} matcher on the request path: a 4,000-token prompt (one of 8
 * shared 1,024-token system prompts, each held by 8 endpoints, plus a unique tail) hashed into
 * 16-token blocks and matched for 64 candidates against an index the engines' events filled with
 * 1M blocks. Run it with {@code java -cp} over the test classes (the command is in docs/scheduling.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PreciseMatchBenchmark {
  private static final int BLOCK = 16;
  private static final int REQUESTS = 1024;

  @Param("64")
  int endpoints;

  @Param("4000")
  int promptTokens;

  @Param("1000000")
  int indexBlocks;

  private PrecisePrefixMatcher matcher;
  private SchedulingContext ctx;
  private EndpointState[] candidates;
  private SchedulingRequest[] requests;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(1);
    SchedulerState state = SchedulerState.create();
    TokenBlockIndex index = state.tokenBlocks();
    candidates = new EndpointState[endpoints];
    for (int i = 0; i < endpoints; i++) {
      candidates[i] = new EndpointState(new Endpoint("e" + i, "http", "10.1.0." + i, 8000,
          Role.BOTH, Set.of("llama"), Map.of()));
      index.live("e" + i, true);
    }
    int[][] systemPrompts = new int[8][];
    for (int s = 0; s < systemPrompts.length; s++) {
      systemPrompts[s] = tokens(random, 1_024);
      for (int e = s; e < endpoints; e += 8) {
        store(index, "e" + e, systemPrompts[s], random);
      }
    }
    // Fill to the target with distinct prompts spread over the endpoints, as their events would.
    for (long blocks = 0; blocks < indexBlocks; blocks += promptTokens / BLOCK) {
      store(index, "e" + random.nextInt(endpoints), tokens(random, promptTokens), random);
    }
    matcher = PrecisePrefixMatcher.from(
        new Parameters(PrecisePrefixMatcher.TYPE, PrecisePrefixMatcher.TYPE, null), state);
    ctx = new SchedulingContext(state);
    requests = new SchedulingRequest[REQUESTS];
    for (int i = 0; i < REQUESTS; i++) {
      int[] prompt = Arrays.copyOf(systemPrompts[i % 8], promptTokens);
      int[] tail = tokens(random, promptTokens - 1_024);
      System.arraycopy(tail, 0, prompt, 1_024, tail.length);
      requests[i] = new SchedulingRequest("bench", "llama", "", prompt.length, 256, null, null,
          prompt);
    }
  }

  /** Hashes the prompt's blocks and reports each candidate's matched tokens. */
  @Benchmark
  public int match() {
    ctx.reset(requests[next++ & (REQUESTS - 1)], Phase.DECODE);
    for (EndpointState e : candidates) {
      ctx.add(e);
    }
    matcher.match(ctx);
    return ctx.matchedTokens(0);
  }

  private static void store(TokenBlockIndex index, String endpoint, int[] tokens, Random random) {
    long[] hashes = new long[tokens.length / BLOCK];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = random.nextLong();
    }
    index.stored(endpoint, hashes, null, Arrays.copyOf(tokens, hashes.length * BLOCK), BLOCK,
        null);
  }

  private static int[] tokens(Random random, int count) {
    int[] t = new int[count];
    for (int i = 0; i < count; i++) {
      t[i] = random.nextInt(128_256);
    }
    return t;
  }
}
