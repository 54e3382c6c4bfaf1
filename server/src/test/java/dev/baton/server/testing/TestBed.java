package dev.baton.server.testing;

import dev.baton.server.BatonServer;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.reload.ConfigSource;
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
 * A fresh Vert.x for each test and whatever the test starts on it (scripted workers, simulated
 * workers, Baton), closed after the test in the reverse order of starting, so Baton goes before its
 * workers, and Vert.x last.
 *
 * <pre>{@code
 * @RegisterExtension final TestBed bed = new TestBed();
 * }</pre>
 */
public final class TestBed implements BeforeEachCallback, AfterEachCallback {
  private final Deque<Runnable> closers = new ArrayDeque<>();
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
        closers.pop().run();
      } catch (AssertionError | RuntimeException e) {
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
    ScriptedWorker worker = ScriptedWorker.start(vertx, script);
    closers.push(worker::close);
    return worker;
  }

  /** A simulated worker, closed after the test. */
  public SimWorker sim(SimConfig config) {
    SimWorker worker = Await.get(SimWorker.start(vertx, config));
    closers.push(() -> Await.get(worker.close()));
    return worker;
  }

  /** Baton with the given configuration, closed after the test. */
  public BatonServer baton(BatonConfig config) {
    return closeAfter(Await.get(BatonServer.start(vertx, config)));
  }

  /** Baton with hot reload from {@code source}, closed after the test. */
  public BatonServer baton(BatonConfig config, ConfigSource source) {
    return closeAfter(Await.get(BatonServer.start(vertx, config, source)));
  }

  private BatonServer closeAfter(BatonServer baton) {
    closers.push(() -> Await.get(baton.close()));
    return baton;
  }
}
