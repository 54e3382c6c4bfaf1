package dev.baton.sim.junit;

import dev.baton.sim.SimConfig;
import dev.baton.sim.SimFleet;
import dev.baton.sim.SimWorker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts simulated workers once for a test class and stops them after it:
 *
 * <pre>{@code
 * @RegisterExtension
 * static SimWorkersExtension sims = SimWorkersExtension.of(3, SimConfig.defaults().withSpeed(50));
 * }</pre>
 *
 * The extension owns a Vert.x instance ({@link #vertx()}) unless one is passed to {@link #of(Vertx,
 * int, SimConfig)}. Workers keep state across tests (cached prefixes, counters); call {@link
 * #resetAll()} in a {@code @BeforeEach} when a test needs a clean slate (cheap: no restart).
 */
public final class SimWorkersExtension implements BeforeAllCallback, AfterAllCallback {

  private static final long TIMEOUT_SECONDS = 30;

  private final int count;
  private final SimConfig config;
  private final Vertx givenVertx;
  private Vertx vertx;
  private SimFleet fleet;

  private SimWorkersExtension(Vertx vertx, int count, SimConfig config) {
    this.givenVertx = vertx;
    this.count = count;
    this.config = config;
  }

  public static SimWorkersExtension of(int count, SimConfig config) {
    return new SimWorkersExtension(null, count, config);
  }

  /** Workers on a Vert.x instance the test owns (and closes). */
  public static SimWorkersExtension of(Vertx vertx, int count, SimConfig config) {
    return new SimWorkersExtension(vertx, count, config);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    vertx = givenVertx != null ? givenVertx : Vertx.vertx();
    fleet = await(SimFleet.start(vertx, count, config));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (fleet != null) {
        await(fleet.close());
      }
    } finally {
      fleet = null;
      if (givenVertx == null && vertx != null) {
        await(vertx.close());
      }
    }
  }

  public SimWorker worker(int i) {
    return fleet.worker(i);
  }

  public List<SimWorker> workers() {
    return fleet.workers();
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Resets every worker (see {@link SimWorker#reset()}), blocking the calling test thread. */
  public void resetAll() {
    try {
      await(fleet.resetAll());
    } catch (Exception e) {
      throw new IllegalStateException("resetting the simulated workers failed", e);
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
