package dev.baton.server.slo;

import dev.baton.router.latency.LatencyModels;
import dev.baton.router.latency.LatencyObservation;
import dev.baton.router.latency.LatencyObservation.Leg;
import dev.baton.router.latency.SloTarget;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.metrics.BatonMetrics;
import dev.baton.server.metrics.RequestRecord;
import java.util.function.UnaryOperator;

/**
 * The front door's side of SLO-aware routing: each request's objective (headers over YAML
 * defaults), the early refusal of a sheddable request no endpoint can serve in time, and the
 * latency watch that teaches the router's models what each routed request actually took.
 *
 * <p>Without latency models (a server started with a scheduler of its own) objectives are still
 * read and passed to the scheduler, but nothing is predicted, refused or learned.
 */
public final class SloRouting {
  private final LatencyModels models;
  private final SloMetrics metrics;
  private volatile SloConfig config = SloConfig.NONE;

  /**
   * @param models the scheduler state's latency models, or null
   * @param metrics where attainment and model errors are exported (null with {@code models})
   */
  public SloRouting(LatencyModels models, SloMetrics metrics) {
    this.models = models;
    this.metrics = metrics;
  }

  /**
   * The SLO routing of a server whose scheduler keeps {@code state} (null: a scheduler of its own,
   * so objectives are read but nothing is predicted), exporting into {@code metrics} (and showing
   * its hardware classes on the dashboard), configured from {@code config}.
   */
  public static SloRouting of(SchedulerState state, BatonMetrics metrics, BatonConfig config) {
    if (state != null) {
      metrics.bindLatencyModels(state.latency());
    }
    SloRouting slo = state == null ? new SloRouting(null, null)
        : new SloRouting(state.latency(), new SloMetrics(metrics.registry(), state.latency()));
    slo.configure(config);
    return slo;
  }

  /** Takes a configuration's objectives and hardware classes (at start and on every reload). */
  public void configure(BatonConfig next) {
    config = next.slo();
    if (models != null) {
      models.classes(next.routerHardwareClasses());
    }
  }

  /**
   * The objective of a request: its SLO headers (read through {@code header}, by lower-case name),
   * measure by measure over the tenant's, the model's and the global default.
   *
   * @throws IllegalArgumentException naming the header whose value is not a number of ms
   */
  public SloTarget target(UnaryOperator<String> header, String model, String tenant) {
    return config.targetFor(SloTarget.fromHeaders(header), model, tenant);
  }

  /**
   * True when a sheddable request should be refused now rather than queued: it has a TTFT objective
   * and no endpoint of {@code pool} is predicted to meet it even with nothing cached.
   */
  public boolean hopeless(boolean sheddable, SloTarget target, Pool pool, String model,
      int promptTokens) {
    if (!sheddable || !target.hasTtft() || models == null) {
      return false;
    }
    return models.bestTtftMs(pool, model, promptTokens, System.nanoTime()) > target.ttftMs();
  }

  /**
   * Watches a routed request: the endpoint that computes its prompt (the prefill endpoint of a
   * split) has its predicted TTFT recorded now and its observed TTFT learned later, and the
   * endpoint that generates its tokens (the same, or the split's decode endpoint) its TPOT.
   */
  public void watch(RequestRecord record, RoutingPlan plan, SchedulingRequest request,
      boolean streamed) {
    if (models == null) {
      return;
    }
    long now = System.nanoTime();
    LatencyObservation observation = plan.disaggregated()
        ? models.begin(plan.prefill(), request.promptTokensEstimate(), now, Leg.PREFILL)
        : models.begin(plan.decode(), plan.estimatedUncachedTokens(), now, Leg.WHOLE);
    LatencyObservation decode = plan.disaggregated()
        ? models.begin(plan.decode(), 0, now, Leg.DECODE) : null;
    metrics.watch(observation.hardware().name());
    if (decode != null) {
      metrics.watch(decode.hardware().name());
    }
    record.timing(new LatencyWatch(observation, decode, request.slo(), streamed, metrics));
  }
}
