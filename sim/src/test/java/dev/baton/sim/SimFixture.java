package dev.baton.sim;

import dev.baton.sim.junit.SimWorkersExtension;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The setup most simulator tests share: a Vert.x instance, an {@link Http} client on it and, unless
 * the test starts its own, simulated workers, all started once per class and closed after it (the
 * client first, so no request outlives its worker).
 *
 * <pre>{@code
 * @RegisterExtension
 * static SimFixture sims = SimFixture.workers(1, SimConfig.defaults().withSpeed(100)).resetBeforeEach();
 * }</pre>
 */
final class SimFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

  /** Null when the test starts its own workers, each with its own configuration. */
  private final SimWorkersExtension workers;
  private final boolean resetBeforeEach;
  private Vertx ownVertx;
  private Http http;

  private SimFixture(SimWorkersExtension workers, boolean resetBeforeEach) {
    this.workers = workers;
    this.resetBeforeEach = resetBeforeEach;
  }

  /** {@code count} workers with one configuration, shared by the tests of the class. */
  static SimFixture workers(int count, SimConfig config) {
    return new SimFixture(SimWorkersExtension.of(count, config), false);
  }

  /** Only Vert.x and the client: the tests start (and close) the workers they need. */
  static SimFixture clientOnly() {
    return new SimFixture(null, false);
  }

  /** The same fixture, resetting every worker before each test (cached prefixes, counters, faults). */
  SimFixture resetBeforeEach() {
    return new SimFixture(workers, true);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (workers != null) {
      workers.beforeAll(context);
    } else {
      ownVertx = Vertx.vertx();
    }
    http = new Http(vertx());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (resetBeforeEach) {
      resetAll();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (http != null) {
        http.close();
      }
    } finally {
      if (workers != null) {
        workers.afterAll(context);
      } else if (ownVertx != null) {
        Await.result(ownVertx.close());
      }
    }
  }

  Http http() {
    return http;
  }

  Vertx vertx() {
    return workers != null ? workers.vertx() : ownVertx;
  }

  SimWorker worker(int i) {
    return workers.worker(i);
  }

  void resetAll() {
    workers.resetAll();
  }
}
