import dev.baton.transfer.upstream.Deadline;
import io.vertx.core.Context;
import io.vertx.core.Timer;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The request's two timeouts, old (a Vert.x timer each) against new (Deadline on the loop's sweep),
 * on one event loop with 64 requests in flight: per request, the first-byte timeout started and
 * cancelled, the idle timeout started, touched by 32 chunks (old: a nanoTime read per chunk, as
 * ResponseRelay did; new: restart) and cancelled. Batches of 1,000 requests run as separate loop
 * tasks so the tasks a cancel queues run inside the measurement. ns and bytes allocated per request.
 */
public class DeadlineBench {
  static final int IN_FLIGHT = 64, BATCH = 1000;
  static int CHUNKS = 32;
  static long sink;

  interface Pair { void cancelBoth(); void chunk(); }

  static Pair oldWay(Vertx vertx) {
    Timer first = vertx.timer(60_000, TimeUnit.MILLISECONDS);
    first.onSuccess(v -> sink++);
    Timer idle = vertx.timer(30_000, TimeUnit.MILLISECONDS);
    idle.onSuccess(v -> sink++);
    return new Pair() {
      public void cancelBoth() { first.cancel(); idle.cancel(); }
      public void chunk() { sink += System.nanoTime(); }
    };
  }

  static Pair newWay(Vertx vertx) {
    Deadline first = Deadline.start(vertx, Duration.ofSeconds(60), () -> sink++);
    Deadline idle = Deadline.start(vertx, Duration.ofSeconds(30), () -> sink++);
    return new Pair() {
      public void cancelBoth() { first.cancel(); idle.cancel(); }
      public void chunk() { idle.restart(); }
    };
  }

  static double[] run(Vertx vertx, Context ctx, boolean neu, int batches) {
    CompletableFuture<double[]> done = new CompletableFuture<>();
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Pair[] ring = new Pair[IN_FLIGHT];
    long[] start = new long[2];
    Runnable[] batch = new Runnable[1];
    int[] left = {batches};
    batch[0] = () -> {
      for (int i = 0; i < BATCH; i++) {
        int slot = i % IN_FLIGHT;
        if (ring[slot] != null) ring[slot].cancelBoth();
        ring[slot] = neu ? newWay(vertx) : oldWay(vertx);
        for (int c = 0; c < CHUNKS; c++) { Pair p = ring[(slot + c) % IN_FLIGHT]; if (p != null) p.chunk(); }
      }
      if (--left[0] > 0) {
        ctx.runOnContext(v -> batch[0].run());
      } else {
        for (int s = 0; s < IN_FLIGHT; s++) { ring[s].cancelBoth(); ring[s] = null; }
        // One more turn, so the cancels' queued tasks run before the clock stops.
        ctx.runOnContext(v -> {
          long n = (long) batches * BATCH;
          done.complete(new double[] {(System.nanoTime() - start[0]) / (double) n,
              (mx.getCurrentThreadAllocatedBytes() - start[1]) / (double) n});
        });
      }
    };
    ctx.runOnContext(v -> {
      start[0] = System.nanoTime();
      start[1] = mx.getCurrentThreadAllocatedBytes();
      batch[0].run();
    });
    return done.join();
  }

  public static void main(String[] a) {
    if (a.length > 0) CHUNKS = Integer.parseInt(a[0]);
    Vertx vertx = Vertx.vertx();
    Context ctx = vertx.getOrCreateContext();
    int batches = 2000;
    for (int r = 0; r < 6; r++) {
      double[] o = run(vertx, ctx, false, batches);
      double[] n = run(vertx, ctx, true, batches);
      System.out.printf("round %d: old %.0f ns %.0f B, new %.0f ns %.0f B per request%n", r, o[0], o[1], n[0], n[1]);
    }
    System.out.println(sink == 42 ? "" : "ok");
    vertx.close().await();
  }
}
