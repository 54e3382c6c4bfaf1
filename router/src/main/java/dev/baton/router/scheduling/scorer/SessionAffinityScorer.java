package dev.baton.router.scheduling.scorer;

import dev.baton.router.scheduling.Phase;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.plugin.Parameters;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import dev.baton.router.scheduling.plugin.Scorer;
import dev.baton.router.session.SessionTable;

/**
 * Type {@code session-affinity}: a request carrying a session key (the front door's session header)
 * scores 1 on the endpoint its session was last sent to and 0 elsewhere; requests without one score
 * 0 everywhere (no effect). The binding holds while the endpoint passes the filters: an unhealthy or
 * draining endpoint is not a candidate, so the session moves and is bound to its new endpoint.
 * Sessions stick to decode endpoints (where the conversation's KV cache lives); in a prefill profile
 * the scorer has no effect and never rebinds.
 *
 * <p>Parameters: {@code capacity} (sessions remembered, default 100000), {@code idleTimeoutSeconds}
 * (a session unused this long is forgotten, default 1800).
 */
public record SessionAffinityScorer(SessionTable sessions) implements Scorer {
  public static final String TYPE = "session-affinity";

  public static SessionAffinityScorer from(Parameters parameters, SchedulerState state) {
    int capacity = parameters.intValue("capacity", 100_000, 1, 100_000_000);
    long idleSeconds = parameters.longValue("idleTimeoutSeconds", 1_800, 1, 30L * 24 * 3600);
    return new SessionAffinityScorer(state.sessions(capacity, idleSeconds * 1_000_000_000L));
  }

  @Override
  public void score(SchedulingContext ctx, double[] scores) {
    int n = ctx.size();
    String key = ctx.phase() == Phase.DECODE ? ctx.request().sessionKey() : null;
    String boundTo = key == null ? null : sessions.endpointOf(key, ctx.nowNanos());
    for (int i = 0; i < n; i++) {
      scores[i] = boundTo != null && boundTo.equals(ctx.candidate(i).cacheId()) ? 1 : 0;
    }
  }

  @Override
  public void picked(SchedulingContext ctx, int candidate) {
    String key = ctx.request().sessionKey();
    if (key != null && ctx.phase() == Phase.DECODE) {
      sessions.bind(key, ctx.candidate(candidate).cacheId(), ctx.nowNanos());
    }
  }
}
