package dev.baton.server.bench;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Role;
import dev.baton.router.latency.LatencyModels;
import dev.baton.router.latency.LatencyObservation;
import dev.baton.server.admission.AdmissionConfig;
import dev.baton.server.admission.AdmissionController;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every request does to state that every event loop shares, with as many threads as JMH is
 * given ({@code -t 1}, {@code -t 2}, {@code -t 4}: the contention is the point): an admission slot
 * taken and given back, and a latency model's whole round (predict at routing, learn the TTFT at
 * the first token and the TPOT at the end) on endpoints of one hardware class. Only public API, so
 * the same benchmark runs against an older build put first on the class path (docs/benchmarks.md).
 *
 * <p>On a machine others load, the throughput counts the time a thread waited for a core; {@link
 * CpuPerOp} also reports each thread's own CPU time and its operations, whose ratio is the CPU per
 * operation (read from JMH's JSON: {@code cpuNanos / ops}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SharedStateBenchmark {
  private static final String MODEL = "m";
  private static final int ENDPOINTS = 4;

  private Vertx vertx;
  private AdmissionController admission;
  private LatencyModels models;
  private EndpointState[] endpoints;

  @Setup(Level.Trial)
  public void setUp() {
    vertx = Vertx.vertx();
    admission = new AdmissionController(vertx, AdmissionConfig.DEFAULTS);
    models = new LatencyModels(System::nanoTime);
    endpoints = new EndpointState[ENDPOINTS];
    for (int i = 0; i < ENDPOINTS; i++) {
      endpoints[i] = new EndpointState(new Endpoint("e" + i, "http", "10.0.0." + i, 8000,
          Role.BOTH, Set.of(MODEL), Map.of()));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    vertx.close().await();
  }

  /**
   * The calling thread's CPU time and operations, both sampled every 1,024 operations (reading the
   * thread's CPU clock costs about a microsecond).
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CpuPerOp {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    public long ops;
    public long cpuNanos;
    private long done;
    private long start;

    @Setup(Level.Iteration)
    public void start() {
      ops = 0;
      cpuNanos = 0;
      done = 0;
      start = THREADS.getCurrentThreadCpuTime();
    }

    void count() {
      if ((++done & 1023) == 0) {
        ops = done;
        cpuNanos = THREADS.getCurrentThreadCpuTime() - start;
      }
    }
  }

  /** One request's admission: a slot while nobody waits, given back when its answer ends. */
  @Benchmark
  public void admitAndRelease(CpuPerOp cpu) {
    admission.admit("pool", "anonymous", 1, Long.MAX_VALUE).permit().result().release();
    cpu.count();
  }

  /** One request's latency round: predicted at routing, learned at its first token and its end. */
  @Benchmark
  public double predictAndLearn(CpuPerOp cpu) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    EndpointState e = endpoints[random.nextInt(ENDPOINTS)];
    LatencyObservation o = models.begin(e, 200 + random.nextInt(800), System.nanoTime());
    o.firstToken(20 + random.nextDouble(10));
    o.end(7 + random.nextDouble(2), 32);
    cpu.count();
    return o.predictedTtftMs();
  }
}
