package dev.baton.router.latency;

/**
 * What Baton has learned of one hardware class's latency: an online regression for TTFT and one for
 * TPOT over {@link LatencyFeatures}, each started from the class's engine model, and the relative
 * errors of their recent predictions. Shared by every endpoint of the class, so a new endpoint is
 * predicted well from its first request.
 */
public final class LatencyModel {
  /**
   * Variance (in units of the observation noise) each coefficient gains per observation: the gain
   * never falls much below ~0.2, so a cold start's outliers or an engine's drift are shed within
   * tens of observations, at the price of predictions that follow the recent noise a little.
   */
  static final double DRIFT = 0.05;
  /** Relative errors kept for the quantiles. */
  static final int ERROR_WINDOW = 512;
  /** Prior variance in units of the observation noise: a handful of samples outweighs the prior. */
  static final double PRIOR_VARIANCE = 100;
  /**
   * The factor an observation may be from the current prediction when learned; two beyond it in a
   * row the same way make the model as unsure as its prior ({@link OnlineRegression#update}).
   */
  static final double MAX_STEP = 2;

  private final HardwareClass hardware;
  private final OnlineRegression ttft;
  private final OnlineRegression tpot;
  private final RelativeErrors ttftErrors = new RelativeErrors(ERROR_WINDOW);
  private final RelativeErrors tpotErrors = new RelativeErrors(ERROR_WINDOW);
  private final Averages averages = new Averages();
  private final ClassUsage usage;
  private volatile long learnedAtNanos;

  /** @param nowNanos the clock reading at creation, when its prior counts as fresh */
  LatencyModel(HardwareClass hardware, long nowNanos) {
    this(hardware, nowNanos, new ClassUsage());
  }

  /**
   * @param usage what the class served, kept by {@link LatencyModels} across the model's restarts
   *     and handed to each observation without a lookup by class name
   */
  LatencyModel(HardwareClass hardware, long nowNanos, ClassUsage usage) {
    this.hardware = hardware;
    this.usage = usage;
    this.learnedAtNanos = nowNanos;
    this.ttft = new OnlineRegression(LatencyFeatures.ttftPrior(hardware),
        variances(LatencyFeatures.TTFT), DRIFT);
    this.tpot = new OnlineRegression(LatencyFeatures.tpotPrior(hardware),
        variances(LatencyFeatures.TPOT), DRIFT);
  }

  private static double[] variances(int n) {
    double[] v = new double[n];
    java.util.Arrays.fill(v, PRIOR_VARIANCE);
    return v;
  }

  public HardwareClass hardware() {
    return hardware;
  }

  /** What the class served since start. */
  ClassUsage usage() {
    return usage;
  }

  /** Predicted time to first token, ms, for TTFT features {@code x}; never below 0. */
  public double predictTtftMs(double[] x) {
    return Math.max(0, ttft.predict(x));
  }

  /** Predicted time per output token, ms, for TPOT features {@code x}; never below 0. */
  public double predictTpotMs(double[] x) {
    return Math.max(0, tpot.predict(x));
  }

  /** The clock reading of the last observation learned (or of the model's creation). */
  long learnedAtNanos() {
    return learnedAtNanos;
  }

  /** Marks the model as learning at {@code nowNanos} (a TPOT-only class stays fresh). */
  void touch(long nowNanos) {
    learnedAtNanos = nowNanos;
  }

  /** Learns one observed TTFT at {@code nowNanos}; {@code predicted} is what was predicted then. */
  public void observeTtft(double[] x, double predictedMs, double observedMs, long nowNanos) {
    learnedAtNanos = nowNanos;
    observeTtft(x, predictedMs, observedMs);
  }

  /** Learns one observed TTFT; {@code predicted} is what was predicted when it was routed. */
  public void observeTtft(double[] x, double predictedMs, double observedMs) {
    ttftErrors.add(predictedMs, observedMs);
    averages.ttft(predictedMs, observedMs);
    ttft.update(x, observedMs, MAX_STEP);
  }

  /** Learns one observed mean TPOT of a request. */
  public void observeTpot(double[] x, double predictedMs, double observedMs) {
    tpotErrors.add(predictedMs, observedMs);
    averages.tpot(predictedMs, observedMs);
    tpot.update(x, observedMs, MAX_STEP);
  }

  /** The {@code q} quantile of recent relative TTFT errors, NaN before any observation. */
  public double ttftError(double q) {
    return ttftErrors.quantile(q);
  }

  /** The {@code q} quantile of recent relative TPOT errors, NaN before any observation. */
  public double tpotError(double q) {
    return tpotErrors.quantile(q);
  }

  public long ttftSamples() {
    return ttft.samples();
  }

  public long tpotSamples() {
    return tpot.samples();
  }

  /** Moving averages of predicted and observed latency, for the dashboard. */
  public Averages averages() {
    return averages;
  }

  /** The current TTFT coefficients, in {@link LatencyFeatures} order (tests, the admin view). */
  public double[] ttftCoefficients() {
    return ttft.coefficients();
  }

  /** The current TPOT coefficients. */
  public double[] tpotCoefficients() {
    return tpot.coefficients();
  }

  /** Exponentially weighted means (weight 0.05 per sample) of predictions and observations. */
  public static final class Averages {
    private static final double ALPHA = 0.05;
    private double predictedTtft = Double.NaN;
    private double observedTtft = Double.NaN;
    private double predictedTpot = Double.NaN;
    private double observedTpot = Double.NaN;

    synchronized void ttft(double predicted, double observed) {
      predictedTtft = mix(predictedTtft, predicted);
      observedTtft = mix(observedTtft, observed);
    }

    synchronized void tpot(double predicted, double observed) {
      predictedTpot = mix(predictedTpot, predicted);
      observedTpot = mix(observedTpot, observed);
    }

    private static double mix(double mean, double value) {
      return Double.isNaN(mean) ? value : mean + ALPHA * (value - mean);
    }

    public synchronized double predictedTtftMs() {
      return predictedTtft;
    }

    public synchronized double observedTtftMs() {
      return observedTtft;
    }

    public synchronized double predictedTpotMs() {
      return predictedTpot;
    }

    public synchronized double observedTpotMs() {
      return observedTpot;
    }
  }
}
