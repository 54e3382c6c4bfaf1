package dev.baton.router.latency;

/**
 * A linear model {@code y = theta . x} fitted online by recursive least squares, started from a
 * prior, whose coefficients are assumed to drift: before any sample it predicts the prior's
 * coefficients, and each sample moves them in proportion to how unsure the model still is (the
 * covariance {@code P}, in units of the observation noise).
 *
 * <p>Drift is modelled as process noise, as a Kalman filter does: after each sample every
 * coefficient's variance grows by {@code drift}, up to its prior variance. So the model never
 * becomes certain (its gain stays above a floor of about {@code sqrt(drift)} per sample and it
 * follows a slower engine, or sheds what a cold start taught it, within tens of samples), and a
 * direction the samples do not vary (a feature that stayed 0 for hours) is no less certain than
 * the prior, so its first non-zero sample moves the fit no more than a first sample would.
 * Exponential forgetting was tried first: it must pause while such a direction winds up, and
 * paused, it kept a cold start's samples for hundreds of requests (bench-slo, docs/scheduling.md).
 *
 * <p>An update costs O(n^2) for n features under the instance's lock; predictions read an immutable
 * copy of the coefficients published after each update, so they take no lock.
 */
final class OnlineRegression {
  private final int n;
  private final double drift;
  private final double[] priorVariance;
  private final double[] theta;
  private final double[][] p;
  private final double[] px;
  private volatile double[] published;
  private long samples;
  /** The direction (1 above, -1 below, 0 not) the last observation was bounded in. */
  private int lastBounded;

  /**
   * @param prior the coefficients before any sample
   * @param priorVariance how far each coefficient may be from its prior, as a variance in units of
   *     the observation noise (larger: the samples take over sooner); also the most uncertain a
   *     coefficient becomes again by drift
   * @param drift the variance each coefficient gains per sample (0: a fixed truth, every sample
   *     counts alike forever)
   */
  OnlineRegression(double[] prior, double[] priorVariance, double drift) {
    if (prior.length != priorVariance.length || !(drift >= 0) || Double.isInfinite(drift)) {
      throw new IllegalArgumentException("prior and variance must match, drift finite and >= 0");
    }
    this.n = prior.length;
    this.drift = drift;
    this.priorVariance = priorVariance.clone();
    this.theta = prior.clone();
    this.p = new double[n][n];
    for (int i = 0; i < n; i++) {
      p[i][i] = priorVariance[i];
    }
    this.px = new double[n];
    this.published = prior.clone();
  }

  /** The prediction for features {@code x} (at least n long). Lock-free. */
  double predict(double[] x) {
    double[] t = published;
    double y = 0;
    for (int i = 0; i < n; i++) {
      y += t[i] * x[i];
    }
    return y;
  }

  /**
   * Learns one observation {@code y} of features {@code x}, robustly: {@code y} counts at most
   * {@code maxStep} times above or below what the model predicts now, so one outlier (the JVM's
   * first request, a GC pause, a stalled client) moves the fit a bounded step. Two bounded in a row
   * the same way are a change, not an outlier (a cold start ending, a slower engine): the model
   * then becomes as unsure as its prior, so the next few samples take over instead of crawling
   * towards them at the drift's pace.
   */
  synchronized void update(double[] x, double y, double maxStep) {
    if (!Double.isFinite(y)) {
      return;
    }
    double predicted = predict(x);
    if (predicted > 0) {
      double bounded = Math.min(Math.max(y, predicted / maxStep), predicted * maxStep);
      int direction = bounded == y ? 0 : y > predicted ? 1 : -1;
      if (direction != 0 && direction == lastBounded) {
        for (int i = 0; i < n; i++) {
          p[i][i] = Math.max(p[i][i], priorVariance[i]);
        }
      }
      lastBounded = direction;
      y = bounded;
    }
    update(x, y);
  }

  /** Learns one observation {@code y} of features {@code x} as it is. */
  synchronized void update(double[] x, double y) {
    if (!Double.isFinite(y)) {
      return;
    }
    double denominator = 1;
    double error = y;
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < n; j++) {
        s += p[i][j] * x[j];
      }
      px[i] = s;
      error -= theta[i] * x[i];
    }
    for (int i = 0; i < n; i++) {
      denominator += x[i] * px[i];
    }
    for (int i = 0; i < n; i++) {
      theta[i] += px[i] * error / denominator;
    }
    // P = P - Px (Px)^T / denominator; P stays symmetric since Px = (x^T P)^T.
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        p[i][j] -= px[i] * px[j] / denominator;
      }
    }
    for (int i = 0; i < n; i++) {
      p[i][i] = Math.max(p[i][i], Math.min(p[i][i] + drift, priorVariance[i]));
    }
    samples++;
    published = theta.clone();
  }

  /** Observations learned so far. */
  synchronized long samples() {
    return samples;
  }

  /** A copy of the current coefficients. */
  double[] coefficients() {
    return published.clone();
  }
}
