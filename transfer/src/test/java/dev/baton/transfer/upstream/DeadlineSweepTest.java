package dev.baton.transfer.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.transfer.testing.Await;
import dev.baton.transfer.testing.ExchangeBed;
import dev.baton.transfer.testing.Http;
import dev.baton.transfer.testing.Rig;
import dev.baton.transfer.testing.ScriptedWorker;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deadlines on an event loop's sweep: they fire on their context after their length, in due order
 * across lengths, never once cancelled, later once restarted; and whatever way they end, the sweep
 * holds nothing afterwards, down to a hanging worker timed out through the whole worker-call stack.
 */
class DeadlineSweepTest {
  private static final String CHAT =
      "{\"model\":\"" + Rig.MODEL + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @RegisterExtension final ExchangeBed bed = new ExchangeBed();

  /** Runs {@code action} on one event-loop context of the bed's Vert.x and returns its result. */
  private <T> T onLoop(Context context, Supplier<T> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> result.complete(action.get()));
    return result.orTimeout(20, TimeUnit.SECONDS).join();
  }

  private int pendingOnEveryLoop() {
    int n = 0;
    for (EventExecutor executor : ((VertxInternal) bed.vertx()).nettyEventLoopGroup()) {
      EventLoop loop = (EventLoop) executor;
      n += CompletableFuture.supplyAsync(() -> DeadlineSweep.of(loop).pending(), loop)
          .orTimeout(20, TimeUnit.SECONDS).join();
    }
    return n;
  }

  @Test
  void firesOnItsContextNoSoonerThanItsLength() {
    Vertx vertx = bed.vertx();
    Context context = vertx.getOrCreateContext();
    AtomicReference<Context> firedOn = new AtomicReference<>();
    AtomicReference<Long> startedAt = new AtomicReference<>();
    AtomicReference<Long> firedAt = new AtomicReference<>();
    Deadline deadline = onLoop(context, () -> {
      startedAt.set(System.nanoTime());
      return Deadline.start(vertx, Duration.ofMillis(80), () -> {
        firedAt.set(System.nanoTime());
        firedOn.set(Vertx.currentContext());
      });
    });
    assertThat(deadline).isInstanceOf(DeadlineSweep.Node.class);
    Await.until("the deadline fired", () -> firedOn.get() != null);
    assertThat(firedOn.get()).isSameAs(context);
    assertThat(firedAt.get() - startedAt.get()).isGreaterThanOrEqualTo(Duration.ofMillis(80).toNanos());
    assertThat(pendingOnEveryLoop()).isZero();
  }

  @Test
  void aCancelledDeadlineNeverFiresAndAShorterLengthStartedLaterFiresFirst() {
    Vertx vertx = bed.vertx();
    Context context = vertx.getOrCreateContext();
    List<String> fired = new CopyOnWriteArrayList<>();
    onLoop(context, () -> {
      Deadline.start(vertx, Duration.ofMillis(300), () -> fired.add("long"));
      Deadline.start(vertx, Duration.ofMillis(150), () -> fired.add("cancelled")).cancel();
      Deadline.start(vertx, Duration.ofMillis(50), () -> fired.add("short"));
      return null;
    });
    Await.until("both live deadlines fired", () -> fired.size() == 2);
    assertThat(fired).containsExactly("short", "long");
    assertThat(pendingOnEveryLoop()).isZero();
  }

  @Test
  void aRestartedDeadlineFiresAfterOneStartedAfterIt() {
    Vertx vertx = bed.vertx();
    Context context = vertx.getOrCreateContext();
    List<String> fired = new CopyOnWriteArrayList<>();
    onLoop(context, () -> {
      Deadline first = Deadline.start(vertx, Duration.ofMillis(100), () -> fired.add("first"));
      Deadline.start(vertx, Duration.ofMillis(100), () -> fired.add("second"));
      first.restart();
      return null;
    });
    Await.until("both fired", () -> fired.size() == 2);
    assertThat(fired).containsExactly("second", "first");
  }

  @Test
  void thousandsCancelledOrExpiredLeaveNothingBehind() {
    Vertx vertx = bed.vertx();
    Context context = vertx.getOrCreateContext();
    AtomicInteger fired = new AtomicInteger();
    int pendingAfterStart = onLoop(context, () -> {
      List<Deadline> started = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        started.add(Deadline.start(vertx, Duration.ofMillis(i % 2 == 0 ? 50 : 60_000),
            fired::incrementAndGet));
      }
      for (int i = 1; i < started.size(); i += 2) {
        started.get(i).cancel();
        started.get(i).restart(); // a cancelled deadline stays cancelled
      }
      return DeadlineSweep.of(((ContextInternal) context).nettyEventLoop()).pending();
    });
    assertThat(pendingAfterStart).isEqualTo(1000);
    Await.until("the short ones fired", () -> fired.get() == 1000);
    Await.until("the sweep holds nothing", () -> pendingOnEveryLoop() == 0);
    assertThat(fired.get()).isEqualTo(1000);
  }

  @Test
  void aCancelFromAnotherThreadIsHandedToTheLoop() {
    Vertx vertx = bed.vertx();
    Context context = vertx.getOrCreateContext();
    List<String> fired = new CopyOnWriteArrayList<>();
    Deadline cancelled = onLoop(context,
        () -> Deadline.start(vertx, Duration.ofMillis(100), () -> fired.add("cancelled")));
    cancelled.cancel(); // from the test's thread
    onLoop(context, () -> Deadline.start(vertx, Duration.ofMillis(150), () -> fired.add("later")));
    Await.until("the later one fired", () -> fired.contains("later"));
    assertThat(fired).containsExactly("later");
    assertThat(pendingOnEveryLoop()).isZero();
  }

  @Test
  void startedOffTheEventLoopItIsAVertxTimer() {
    AtomicInteger fired = new AtomicInteger();
    Deadline deadline = Deadline.start(bed.vertx(), Duration.ofMillis(20), fired::incrementAndGet);
    assertThat(deadline).isInstanceOf(TimerDeadline.class);
    Await.until("the timer fired", () -> fired.get() == 1);
  }

  @Test
  void aHangingWorkerIsTimedOutAndEveryDeadlineIsFreed() {
    ScriptedWorker hanging = bed.worker(ex -> {});
    Rig baton = Rig.builder().decode(hanging.url()).timeouts(1000, 200, 1000).start(bed);
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      answers.add(Http.postAsync(baton.url("/v1/chat/completions"), CHAT));
    }
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      HttpResponse<String> r = answer.orTimeout(20, TimeUnit.SECONDS).join();
      assertThat(r.statusCode()).isEqualTo(504);
      assertThat(r.body()).contains("\"code\":\"worker_timeout\"");
    }
    Await.until("in-flight back to zero", () -> baton.inFlight() == 0);
    Await.until("no deadline left on any event loop", () -> pendingOnEveryLoop() == 0);
  }

  @Test
  void aStreamGoneSilentIsTimedOutWhileOneThatKeepsTalkingIsNot() {
    ScriptedWorker worker = bed.worker(ex -> {
      ex.sseHead();
      ex.event("{\"n\":1}");
      if (!ex.body().toString().contains("\"talk\"")) {
        return; // silent from here on
      }
      // Talks every 50 ms for over twice the idle timeout: each event restarts the deadline.
      AtomicInteger sent = new AtomicInteger();
      bed.vertx().setPeriodic(50, id -> {
        if (sent.incrementAndGet() == 40) {
          bed.vertx().cancelTimer(id);
          ex.response().end("data: [DONE]\n\n");
        } else {
          ex.event("{\"n\":2}");
        }
      });
    });
    Rig baton = Rig.builder().decode(worker.url()).timeouts(1000, 2000, 800).start(bed);
    CompletableFuture<HttpResponse<String>> talking = Http.postAsync(
        baton.url("/v1/chat/completions"), CHAT.replace("\"stream\"", "\"talk\":true,\"stream\""));
    HttpResponse<String> silent = Http.post(baton.url("/v1/chat/completions"), CHAT);
    assertThat(silent.body()).contains("\"code\":\"worker_timeout\"").endsWith("data: [DONE]\n\n");
    HttpResponse<String> talked = talking.orTimeout(20, TimeUnit.SECONDS).join();
    assertThat(talked.body()).doesNotContain("error").endsWith("data: [DONE]\n\n");
    Await.until("in-flight back to zero", () -> baton.inFlight() == 0);
    Await.until("no deadline left on any event loop", () -> pendingOnEveryLoop() == 0);
  }
}
