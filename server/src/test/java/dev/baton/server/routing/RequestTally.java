package dev.baton.server.routing;

import dev.baton.sim.SimWorker;

/** Requests each simulated worker received since the tally was taken, in the given order. */
final class RequestTally {
  private final SimWorker[] workers;
  private final long[] before;

  private RequestTally(SimWorker[] workers) {
    this.workers = workers;
    this.before = received(workers);
  }

  static RequestTally of(SimWorker... workers) {
    return new RequestTally(workers);
  }

  /** Per worker, the requests it received since {@link #of}. */
  long[] since() {
    long[] now = received(workers);
    for (int i = 0; i < now.length; i++) {
      now[i] -= before[i];
    }
    return now;
  }

  private static long[] received(SimWorker[] workers) {
    long[] counts = new long[workers.length];
    for (int i = 0; i < workers.length; i++) {
      counts[i] = workers[i].stats().requestsReceived();
    }
    return counts;
  }
}
