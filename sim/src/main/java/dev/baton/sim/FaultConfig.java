package dev.baton.sim;

/**
 * Faults a simulated worker injects on its own, at random but reproducibly (a seeded generator per
 * worker). Per-request faults are asked for with the {@code X-Sim-Fault} header instead; see
 * sim/README.md.
 *
 * @param errorRate fraction of generation requests answered at once with {@code errorStatus}
 * @param errorStatus HTTP status of injected errors (500, 503...)
 * @param hangRate fraction of generation requests that never get a first byte (the connection stays open)
 * @param dropRate fraction of generation requests whose connection is closed after {@code dropAfterTokens}
 * @param dropAfterTokens tokens produced before a dropped request's connection is closed
 * @param slowRate fraction of generation requests slowed down by {@code slowMsPerToken}
 * @param slowMsPerToken extra wall-clock milliseconds per produced token (not scaled by speed)
 * @param rejectConnections close every new TCP connection at once (a dead listener)
 * @param seed seed of the fault dice
 */
public record FaultConfig(
    double errorRate,
    int errorStatus,
    double hangRate,
    double dropRate,
    int dropAfterTokens,
    double slowRate,
    long slowMsPerToken,
    boolean rejectConnections,
    long seed) {

  public FaultConfig {
    checkRate("errorRate", errorRate);
    checkRate("hangRate", hangRate);
    checkRate("dropRate", dropRate);
    checkRate("slowRate", slowRate);
    if (errorStatus < 400 || errorStatus > 599) {
      throw new IllegalArgumentException("errorStatus must be 4xx or 5xx: " + errorStatus);
    }
    if (dropAfterTokens < 0 || slowMsPerToken < 0) {
      throw new IllegalArgumentException("dropAfterTokens and slowMsPerToken must be >= 0");
    }
  }

  /** No faults at all. */
  public static FaultConfig none() {
    return new FaultConfig(
        0, 500, 0, 0, 1, 0, 0, false, 42);
  }

  public FaultConfig withErrorRate(double rate) {
    return new FaultConfig(
        rate, errorStatus, hangRate, dropRate, dropAfterTokens, slowRate, slowMsPerToken,
        rejectConnections, seed);
  }

  public FaultConfig withErrorStatus(int status) {
    return new FaultConfig(
        errorRate, status, hangRate, dropRate, dropAfterTokens, slowRate, slowMsPerToken,
        rejectConnections, seed);
  }

  public FaultConfig withHangRate(double rate) {
    return new FaultConfig(
        errorRate, errorStatus, rate, dropRate, dropAfterTokens, slowRate, slowMsPerToken,
        rejectConnections, seed);
  }

  public FaultConfig withDrop(double rate, int afterTokens) {
    return new FaultConfig(
        errorRate, errorStatus, hangRate, rate, afterTokens, slowRate, slowMsPerToken, rejectConnections,
        seed);
  }

  public FaultConfig withSlow(double rate, long msPerToken) {
    return new FaultConfig(
        errorRate, errorStatus, hangRate, dropRate, dropAfterTokens, rate, msPerToken, rejectConnections,
        seed);
  }

  public FaultConfig withRejectConnections(boolean reject) {
    return new FaultConfig(
        errorRate, errorStatus, hangRate, dropRate, dropAfterTokens, slowRate, slowMsPerToken, reject,
        seed);
  }

  public FaultConfig withSeed(long newSeed) {
    return new FaultConfig(
        errorRate, errorStatus, hangRate, dropRate, dropAfterTokens, slowRate, slowMsPerToken,
        rejectConnections, newSeed);
  }

  private static void checkRate(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(name + " must be within [0, 1]: " + rate);
    }
  }
}
