package dev.baton.transfer.call.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The benches' driver: a closed loop of asynchronous operations started on one event loop, a fixed
 * number in flight, in a warm-up round then three measured ones, each printed as the process's CPU
 * time and the bytes all its threads allocated per operation (the steadier figure when other jobs
 * load the machine).
 */
final class ClosedLoop {
  private ClosedLoop() {}

  /** Runs {@code operation} (true when it did what it should) {@code count} times per round. */
  static void measure(Vertx vertx, String unit, int count, int inFlight,
      Supplier<Future<Boolean>> operation) throws TimeoutException {
    Context loop = vertx.getOrCreateContext();
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int round = 0; round < 4; round++) {
      long cpu0 = os.getProcessCpuTime();
      long bytes0 = allocated(threads);
      int n = round == 0 ? count / 4 : count;
      AtomicLong failed = new AtomicLong();
      Promise<Void> done = Promise.promise();
      int[] startedEnded = new int[2];
      Runnable[] next = new Runnable[1];
      next[0] = () -> {
        startedEnded[0]++;
        operation.get().onComplete(ar -> {
          if (ar.failed() || !ar.result()) {
            failed.incrementAndGet();
          }
          if (++startedEnded[1] == n) {
            done.complete();
          } else if (startedEnded[0] < n) {
            next[0].run();
          }
        });
      };
      loop.runOnContext(v -> {
        for (int i = 0; i < inFlight; i++) {
          next[0].run();
        }
      });
      done.future().await(10, TimeUnit.MINUTES);
      if (round > 0) {
        System.out.printf("round %d: %.2f us CPU, %d bytes allocated per %s; %d failed%n", round,
            (os.getProcessCpuTime() - cpu0) / 1000.0 / n, (allocated(threads) - bytes0) / n, unit,
            failed.get());
      }
    }
  }

  private static long allocated(ThreadMXBean threads) {
    long sum = 0;
    for (long id : threads.getAllThreadIds()) {
      sum += Math.max(0, threads.getThreadAllocatedBytes(id));
    }
    return sum;
  }
}
