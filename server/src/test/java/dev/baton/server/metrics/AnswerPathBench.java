package dev.baton.server.metrics;

import dev.baton.router.scheduling.LeastInFlightScheduler;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.server.accesslog.AccessLog;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.RuntimeBuilder;
import dev.baton.server.testing.TestConfigs;
import io.vertx.core.buffer.Buffer;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What reading a relayed answer costs per request in the server, two builds side by side in one
 * JVM: each build's jar in a class loader of its own with this class, rounds alternating, CPU
 * time of the thread per request. A request is what the relay's listener does with a worker's
 * answer: a record started and routed, the answer read by {@link AnswerReader} chunk by chunk (its
 * events cut, scanned, their tokens timed, what the client gets returned), its end, the record's
 * end. The answer is the 32-event, 5.4 KB chat stream scripts/bench-proxy's nginx worker sends,
 * arriving in one chunk ({@code answer}, as that worker sends it) or in a chunk per event
 * ({@code event}, as vLLM sends at decode speed), so both the cost per byte and per chunk show.
 * Only public API, so an older build runs the same calls.
 *
 * <p>Run: {@code java -cp <server test classes>:<any build's jar>
 * dev.baton.server.metrics.AnswerPathBench OLD.jar NEW.jar [requests per round] [rounds]}.
 */
public final class AnswerPathBench {
  private static final String[] SHAPES = {"answer", "event"};

  private AnswerPathBench() {}

  public static void main(String[] args) throws Exception {
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 9;
    URL classes = AnswerPathBench.class.getProtectionDomain().getCodeSource().getLocation();
    String[] names = {"old", "new"};
    Method[] runs = new Method[2];
    for (int b = 0; b < 2; b++) {
      URL jar = Path.of(args[b]).toUri().toURL();
      URLClassLoader loader = new URLClassLoader(names[b], new URL[] {classes, jar},
          ClassLoader.getPlatformClassLoader());
      runs[b] = loader.loadClass(AnswerPathBench.class.getName())
          .getMethod("perRequest", String.class, int.class);
    }
    for (String shape : SHAPES) {
      for (int b = 0; b < 2; b++) {
        runs[b].invoke(null, shape, requests); // warm-up
        runs[b].invoke(null, shape, requests);
      }
      double[][] ns = new double[2][rounds];
      double[][] bytes = new double[2][rounds];
      for (int r = 0; r < rounds; r++) {
        for (int b = 0; b < 2; b++) {
          double[] cost = (double[]) runs[b].invoke(null, shape, requests);
          ns[b][r] = cost[0];
          bytes[b][r] = cost[1];
        }
      }
      for (int b = 0; b < 2; b++) {
        System.out.printf("%-6s %-3s %7.0f ns/request (min %.0f, max %.0f)  %6.0f B/request%n",
            shape, names[b], StreamReadingBenchmark.median(ns[b]), Arrays.stream(ns[b]).min().orElse(0),
            Arrays.stream(ns[b]).max().orElse(0), StreamReadingBenchmark.median(bytes[b]));
      }
    }
    System.out.printf("load average %.2f%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static final BatonRuntime RUNTIME = RuntimeBuilder.build(
      TestConfigs.aggregated("http://10.0.0.1:8000"), new LeastInFlightScheduler());
  private static final BatonMetrics METRICS = BatonMetrics.create(() -> RUNTIME);
  private static final RequestObserver OBSERVER =
      new RequestObserver(METRICS, AccessLog.disabled());
  private static final RoutingPlan PLAN = new RoutingPlan(
      RUNTIME.endpoints().findFirst().orElseThrow(), null, 0,
      RoutingPlan.Reason.BELOW_THRESHOLD);

  /** {CPU ns, bytes allocated} per request of this loader's build, over {@code n} requests. */
  public static double[] perRequest(String shape, int n) {
    Buffer[] chunks = shape.equals("answer") ? new Buffer[] {Buffer.buffer(answer())}
        : Arrays.stream(answer().split("(?<=\n\n)")).map(Buffer::buffer).toArray(Buffer[]::new);
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sent = 0;
    long cpu0 = mx.getCurrentThreadCpuTime();
    long bytes0 = mx.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < n; i++) {
      RequestRecord record = OBSERVER.onStart("req", TestConfigs.MODEL);
      record.onRouted(PLAN, 120);
      AnswerReader reader = AnswerReader.stream(record, true);
      for (Buffer chunk : chunks) {
        sent += reader.chunk(chunk).length();
      }
      Buffer rest = reader.end();
      sent += rest == null ? 0 : rest.length();
      record.onEnd(200, RequestOutcome.SUCCESS, Usage.UNKNOWN);
    }
    long cpu = mx.getCurrentThreadCpuTime() - cpu0;
    long bytes = mx.getCurrentThreadAllocatedBytes() - bytes0;
    if (sent != (long) n * answer().length()) {
      throw new IllegalStateException("the client would have got " + sent / n + " bytes, not "
          + answer().length());
    }
    return new double[] {(double) cpu / n, (double) bytes / n};
  }

  /** The answer of bench-proxy's nginx worker: a role event, 30 tokens, a finish, no [DONE]. */
  static String answer() {
    String head = "data: {\"id\":\"cmpl-bench\",\"object\":\"chat.completion.chunk\","
        + "\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"choices\":[{\"index\":0,";
    StringBuilder s = new StringBuilder(head)
        .append("\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
    for (int i = 1; i <= 30; i++) {
      s.append(head).append(String.format("\"delta\":{\"content\":\" token%02d\"},", i))
          .append("\"finish_reason\":null}]}\n\n");
    }
    return s.append(head).append("\"delta\":{},\"finish_reason\":\"length\"}]}\n\n").toString();
  }
}
