package dev.baton.router.latency;

import dev.baton.router.endpoint.EndpointState;
import java.util.function.LongSupplier;

/**
 * One request leg's features and predictions as routed, waiting for what actually happened: the
 * front door calls {@link #firstToken} when the first token arrives and {@link #end} when the
 * answer ends, and the model of the endpoint's class learns what its {@link Leg} made. Not
 * thread-safe: call it from the request's event loop; each method acts once.
 */
public final class LatencyObservation {

  /** Which part of a request the watched endpoint does, so which latency it is answerable for. */
  public enum Leg {
    /** The whole request on one endpoint: it learns the TTFT and the TPOT. */
    WHOLE,
    /** The prefill of a split request: the prompt, so the TTFT (transfer and first step included). */
    PREFILL,
    /** The decode of a split request: the tokens after the first, so the TPOT. */
    DECODE;

    boolean computesPrompt() {
      return this != DECODE;
    }

    boolean generates() {
      return this != PREFILL;
    }
  }

  private final LatencyModel model;
  private final ClassUsage usage;
  private final Leg leg;
  private final EndpointState endpoint;
  private final long pendingTokens;
  private final double[] ttftX = new double[LatencyFeatures.TTFT];
  private final double[] tpotX = new double[LatencyFeatures.TPOT];
  private final double predictedTtftMs;
  private final double predictedTpotMs;
  private final LongSupplier clock;
  private boolean pendingReleased;
  private boolean ttftSeen;
  private double observedTtftMs = Double.NaN;
  private boolean ended;

  private LatencyObservation(LatencyModel model, ClassUsage usage, Leg leg, EndpointState endpoint,
      int uncachedTokens, long nowNanos, LongSupplier clock) {
    this.model = model;
    this.usage = usage;
    this.leg = leg;
    this.clock = clock;
    this.endpoint = endpoint;
    this.pendingTokens = leg.computesPrompt() ? Math.max(uncachedTokens, 0) : 0;
    LatencyFeatures.ttft(endpoint, uncachedTokens, nowNanos, ttftX);
    LatencyFeatures.tpot(endpoint, nowNanos, tpotX);
    this.predictedTtftMs = model.predictTtftMs(ttftX);
    this.predictedTpotMs = model.predictTpotMs(tpotX);
  }

  static LatencyObservation start(LatencyModel model, ClassUsage usage, Leg leg,
      EndpointState endpoint, int uncachedTokens, long nowNanos, LongSupplier clock) {
    LatencyObservation o =
        new LatencyObservation(model, usage, leg, endpoint, uncachedTokens, nowNanos, clock);
    endpoint.addPendingPrefillTokens(o.pendingTokens);
    return o;
  }

  public double predictedTtftMs() {
    return predictedTtftMs;
  }

  public double predictedTpotMs() {
    return predictedTpotMs;
  }

  public Leg leg() {
    return leg;
  }

  /** The TTFT observed, ms; NaN before the first token (or for a whole answer). */
  public double observedTtftMs() {
    return observedTtftMs;
  }

  /** The endpoint the request was routed to (the prefill endpoint of a split). */
  public EndpointState endpoint() {
    return endpoint;
  }

  /** A copy of the TTFT features recorded at routing, in {@link LatencyFeatures} order. */
  public double[] ttftFeatures() {
    return ttftX.clone();
  }

  /** The class whose model predicted and learns. */
  public HardwareClass hardware() {
    return model.hardware();
  }

  /** The first token arrived {@code ttftMs} after the request did. */
  public void firstToken(double ttftMs) {
    releasePending();
    if (!ttftSeen && !ended) {
      ttftSeen = true;
      observedTtftMs = ttftMs;
      if (leg.computesPrompt()) {
        model.observeTtft(ttftX, predictedTtftMs, ttftMs, clock.getAsLong());
      }
    }
  }

  /**
   * The answer ended after {@code tokens} output tokens. With {@code tokens} >= 2 streamed tokens,
   * {@code tpotMs} (the mean time between them) is learned by a leg that generates them; otherwise
   * pass NaN. Releases the pending prefill and counts the leg's tokens to its class's usage.
   */
  public void end(double tpotMs, int tokens) {
    releasePending();
    if (ended) {
      return;
    }
    ended = true;
    usage.record(model.hardware(), pendingTokens, leg.generates() ? tokens : 0);
    if (leg.generates() && ttftSeen && tokens >= 2 && tpotMs > 0) {
      model.observeTpot(tpotX, predictedTpotMs, tpotMs);
      if (leg == Leg.DECODE) {
        // A decode leg learns no TTFT, so only its TPOT keeps its class's model fresh.
        model.touch(clock.getAsLong());
      }
    }
  }

  private void releasePending() {
    if (!pendingReleased) {
      pendingReleased = true;
      endpoint.addPendingPrefillTokens(-pendingTokens);
    }
  }
}
