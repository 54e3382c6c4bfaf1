package dev.baton.server.tune;

import java.util.function.ToDoubleFunction;

/**
 * How long a trial on a part of the trace is expected to take, for sizing the sample: a fixed cost
 * (starting the fleet and Baton, the last answers' tail, closing) plus the part's arrival span,
 * fitted to one measured trial. A replay is open loop at the trace's times, so its span, not its
 * share of the requests, sets its length: a trace's first requests are often sparser than the
 * rest. When the runner cannot tell spans, time is taken as proportional to the share.
 *
 * @param fixedSeconds the cost of any trial, whatever its part
 * @param spanSeconds the part-dependent cost
 */
record TrialCost(double fixedSeconds, ToDoubleFunction<TracePart> spanSeconds) {

  static TrialCost fit(TrialRecord measured, TrialRunner runner) {
    double span = runner.traceSeconds(measured.slice());
    if (Double.isFinite(span)) {
      return new TrialCost(Math.max(0, measured.seconds() - span), runner::traceSeconds);
    }
    double perShare = Math.max(measured.seconds(), 1e-3) / measured.slice().size();
    return new TrialCost(0, part -> perShare * part.size());
  }

  double seconds(TracePart part) {
    return Math.max(1e-3, fixedSeconds + spanSeconds.applyAsDouble(part));
  }
}
