package dev.baton.transfer.testing;

import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh Vert.x for each test and what the test starts on it (scripted workers, fronts, rigs),
 * closed after the test in the reverse order of starting, Vert.x last.
 *
 * <pre>{@code
 * @RegisterExtension final ExchangeBed bed = new ExchangeBed();
 * }</pre>
 */
public class ExchangeBed implements BeforeEachCallback, AfterEachCallback {
  private final Deque<AutoCloseable> closers = new ArrayDeque<>();
  private Vertx vertx;

  @Override
  public void beforeEach(ExtensionContext context) {
    vertx = Vertx.vertx();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    AssertionError failure = null;
    // Close everything even when one close fails, so no server outlives its test.
    while (!closers.isEmpty()) {
      try {
        closers.pop().close();
      } catch (Exception | AssertionError e) {
        failure = failure != null ? failure : new AssertionError("closing a test resource failed", e);
      }
    }
    Await.get(vertx.close());
    vertx = null;
    if (failure != null) {
      throw failure;
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  /** A scripted worker on a free port, closed after the test. */
  public ScriptedWorker worker(Handler<ScriptedWorker.Exchange> script) {
    return closeAfter(ScriptedWorker.start(vertx, script));
  }

  /** A simulated worker, closed after the test. */
  public SimWorker sim(SimConfig config) {
    SimWorker worker = Await.get(SimWorker.start(vertx, config));
    closeAfter(() -> Await.get(worker.close()));
    return worker;
  }

  /** Anything closed after the test, before what was started earlier. */
  public <T extends AutoCloseable> T closeAfter(T resource) {
    closers.push(resource);
    return resource;
  }
}
