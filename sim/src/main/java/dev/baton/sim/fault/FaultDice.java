package dev.baton.sim.fault;

import dev.baton.sim.FaultConfig;
import java.util.SplittableRandom;

/** Rolls the configured fault rates for each request, reproducibly from the configured seed. */
public final class FaultDice {

  private volatile FaultConfig config;
  private final SplittableRandom random;

  public FaultDice(FaultConfig config) {
    this.config = config;
    this.random = new SplittableRandom(config.seed());
  }

  public FaultConfig config() {
    return config;
  }

  public void config(FaultConfig newConfig) {
    this.config = newConfig;
  }

  /** The fault for the next request: at most one, checked in the order error, hang, drop, slow. */
  public synchronized Fault roll() {
    FaultConfig c = config;
    if (c.errorRate() > 0 && random.nextDouble() < c.errorRate()) {
      return new Fault(Fault.Kind.ERROR, c.errorStatus());
    }
    if (c.hangRate() > 0 && random.nextDouble() < c.hangRate()) {
      return new Fault(Fault.Kind.HANG, 0);
    }
    if (c.dropRate() > 0 && random.nextDouble() < c.dropRate()) {
      return new Fault(Fault.Kind.DROP, c.dropAfterTokens());
    }
    if (c.slowRate() > 0 && random.nextDouble() < c.slowRate()) {
      return new Fault(Fault.Kind.SLOW, c.slowMsPerToken());
    }
    return Fault.NONE;
  }
}
