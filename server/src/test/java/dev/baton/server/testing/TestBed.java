package dev.baton.server.testing;

import dev.baton.server.BatonServer;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.reload.ConfigSource;
import dev.baton.transfer.testing.ExchangeBed;

/**
 * The transfer tests' {@link ExchangeBed} (a fresh Vert.x per test, scripted and simulated workers,
 * all closed after the test in reverse order, Vert.x last) plus Baton itself, so Baton closes before
 * its workers.
 *
 * <pre>{@code
 * @RegisterExtension final TestBed bed = new TestBed();
 * }</pre>
 */
public final class TestBed extends ExchangeBed {

  /** Baton with the given configuration, closed after the test. */
  public BatonServer baton(BatonConfig config) {
    return closeAfter(Await.get(BatonServer.start(vertx(), config)));
  }

  /** Baton with hot reload from {@code source}, closed after the test. */
  public BatonServer baton(BatonConfig config, ConfigSource source) {
    return closeAfter(Await.get(BatonServer.start(vertx(), config, source)));
  }

  private BatonServer closeAfter(BatonServer baton) {
    closeAfter(() -> Await.get(baton.close()));
    return baton;
  }
}
