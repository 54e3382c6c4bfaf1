package dev.baton.router.latency;

/**
 * A linear model {@code y = theta . x} fitted online by recursive least squares with exponential
 * forgetting, started from a prior: before any sample it predicts the prior's coefficients, and
 * each sample moves them in proportion to how unsure the model still is (the covariance {@code P}).
 * With forgetting factor {@code lambda} a sample's weight halves every {@code ln 2 / (1 - lambda)}
 * samples, so the fit follows drift (a slower engine, a new model version).
 *
 * <p>Forgetting alone winds the covariance up along directions the recent samples do not vary (a
 * feature that stayed 0), and a later sample along them would then swing the fit wildly. So a step
 * only forgets while the covariance's trace is below the prior's.
 *
 * <p>An update costs O(n^2) for n features under the instance's lock; predictions read an immutable
 * copy of the coefficients published after each update, so they take no lock.
 */
final class OnlineRegression {
  private final int n;
  private final double lambda;
  private final double priorTrace;
  private final double[] theta;
  private final double[][] p;
  private final double[] px;
  private volatile double[] published;
  private long samples;

  /**
   * @param prior the coefficients before any sample
   * @param priorVariance how far each coefficient may be from its prior, as a variance in units of
   *     the observation noise (larger: the samples take over sooner)
   * @param lambda forgetting factor in (0, 1]; 1 never forgets
   */
  OnlineRegression(double[] prior, double[] priorVariance, double lambda) {
    if (prior.length != priorVariance.length || !(lambda > 0 && lambda <= 1)) {
      throw new IllegalArgumentException("prior and variance must match, lambda in (0, 1]");
    }
    this.n = prior.length;
    this.lambda = lambda;
    this.theta = prior.clone();
    this.p = new double[n][n];
    double trace = 0;
    for (int i = 0; i < n; i++) {
      p[i][i] = priorVariance[i];
      trace += priorVariance[i];
    }
    this.priorTrace = trace;
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

  /** Learns one observation {@code y} of features {@code x}. */
  synchronized void update(double[] x, double y) {
    if (!Double.isFinite(y)) {
      return;
    }
    double denominator = 0;
    double error = y;
    double trace = 0;
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < n; j++) {
        s += p[i][j] * x[j];
      }
      px[i] = s;
      error -= theta[i] * x[i];
      trace += p[i][i];
    }
    double forget = trace < priorTrace ? lambda : 1.0;
    for (int i = 0; i < n; i++) {
      denominator += x[i] * px[i];
    }
    denominator += forget;
    for (int i = 0; i < n; i++) {
      theta[i] += px[i] * error / denominator;
    }
    // P = (P - Px (Px)^T / denominator) / forget; P stays symmetric since Px = (x^T P)^T.
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        p[i][j] = (p[i][j] - px[i] * px[j] / denominator) / forget;
      }
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
