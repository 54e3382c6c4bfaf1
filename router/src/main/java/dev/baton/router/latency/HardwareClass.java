package dev.baton.router.latency;

import java.util.Objects;

/**
 * A kind of accelerator endpoints run on, as the YAML {@code hardwareClasses} section declares it:
 * what an hour of it costs and how fast it is. The speeds are the simulator's engine model
 * (docs/calibration.md), which gives the latency model its prior before it has observed anything,
 * and the cost scorer each class's price per token.
 *
 * @param name the class, matched against an endpoint's {@code hardware} label
 * @param costPerHour relative cost of one endpoint of this class per hour (any unit, same for all)
 * @param stepOverheadMs fixed cost of one engine step, ms (H100: 6.0)
 * @param prefillUsPerToken cost of each prompt token computed, us (H100: 30)
 * @param decodeMsPerSeq cost of each decoding sequence in a step, ms (0.02)
 * @param contextUsPerToken cost of each context token read by decoding sequences, us (H100: 0.043)
 */
public record HardwareClass(String name, double costPerHour, double stepOverheadMs,
    double prefillUsPerToken, double decodeMsPerSeq, double contextUsPerToken) {

  /** The class of endpoints without a {@code hardware} label, and the H100 calibration. */
  public static final String DEFAULT_NAME = "default";

  /** An 8B model on one H100 at cost 1 per hour: what an unlabelled endpoint is assumed to be. */
  public static final HardwareClass DEFAULT = new HardwareClass(DEFAULT_NAME, 1, 6.0, 30, 0.02, 0.043);

  /** Decoding sequences a class is priced at: a moderately full batch. */
  static final int PRICED_BATCH = 64;
  /** Context per sequence a decode step is priced at. */
  static final int PRICED_CONTEXT = 1024;

  public HardwareClass {
    Objects.requireNonNull(name, "name");
    if (!(costPerHour >= 0) || !(stepOverheadMs >= 0) || !(prefillUsPerToken >= 0)
        || !(decodeMsPerSeq >= 0) || !(contextUsPerToken >= 0)
        || Double.isInfinite(costPerHour + stepOverheadMs + prefillUsPerToken + decodeMsPerSeq
            + contextUsPerToken)) {
      throw new IllegalArgumentException("hardware class " + name
          + ": costPerHour and engine timings must be finite and >= 0");
    }
  }

  /** Seconds of this class spent computing one prompt token. */
  public double prefillSecondsPerToken() {
    return prefillUsPerToken / 1e6;
  }

  /**
   * Seconds of this class per output token at a batch of {@value #PRICED_BATCH} sequences with
   * {@value #PRICED_CONTEXT} tokens of context each: one step's cost shared by the batch.
   */
  public double decodeSecondsPerToken() {
    double stepMs = stepOverheadMs + PRICED_BATCH * decodeMsPerSeq
        + PRICED_BATCH * (double) PRICED_CONTEXT * contextUsPerToken / 1000.0;
    return stepMs / 1000.0 / PRICED_BATCH;
  }

  /** What computing {@code promptTokens} and generating {@code outputTokens} here costs. */
  public double cost(long promptTokens, long outputTokens) {
    return costPerHour / 3600.0
        * (promptTokens * prefillSecondsPerToken() + outputTokens * decodeSecondsPerToken());
  }
}
