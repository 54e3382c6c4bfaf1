package dev.baton.router.scheduling;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.RoutingPlan.Reason;
import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.router.scheduling.config.SchedulingConfigException;
import dev.baton.router.scheduling.plugin.CandidateFilter;
import dev.baton.router.scheduling.plugin.Filter;
import dev.baton.router.scheduling.plugin.PluginRegistry;
import dev.baton.router.scheduling.plugin.PrefixMatcher;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import dev.baton.router.scheduling.plugin.Scorer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configurable scheduler: per phase a profile of filters, weighted scorers and one picker, built
 * from a {@link SchedulingConfig}. Immutable, so a config reload builds a new one and swaps it in;
 * what it learned lives in the {@link SchedulerState} passed to every generation.
 *
 * <p>A decision: the built-in checks (schedulable, role allowed by the phase, model served, not
 * excluded), then the profile's filters, then its prefix matchers (what each candidate has cached),
 * then each scorer's [0, 1] ratings times its weight summed per candidate, then the picker. Matchers
 * and scorers are then told the choice, so the prefix index and session table learn it. For a pool that disaggregates, the decode profile's {@code pd-decider} then says
 * whether to split, and the prefill profile picks the prefill endpoint. Thread-safe; per-thread scratch space keeps a decision free of locks (bar a
 * contended index shard) and of allocation.
 */
public final class ProfileScheduler implements Scheduler {
  private final CompiledProfile decode;
  private final CompiledProfile prefill;
  private final ThreadLocal<SchedulingContext> contexts;

  private ProfileScheduler(Map<String, CompiledProfile> profiles, SchedulerState state) {
    this.decode = profiles.get(SchedulingConfig.DECODE_PROFILE);
    this.prefill = profiles.getOrDefault(SchedulingConfig.PREFILL_PROFILE, decode);
    this.contexts = ThreadLocal.withInitial(() -> new SchedulingContext(state));
  }

  /**
   * Builds a scheduler with the built-in plugins.
   *
   * @throws SchedulingConfigException listing every problem in the config
   */
  public static ProfileScheduler create(SchedulingConfig config, SchedulerState state) {
    return create(config, state, BuiltinPlugins.registry());
  }

  /** Builds a scheduler whose config may also use the plugin types added to {@code registry}. */
  public static ProfileScheduler create(
      SchedulingConfig config, SchedulerState state, PluginRegistry registry) {
    return new ProfileScheduler(ProfileCompiler.compile(config, state, registry), state);
  }

  @Override
  public Optional<RoutingPlan> plan(SchedulingRequest request, Pool pool) {
    SchedulingContext ctx = contexts.get();
    try {
      int d = choose(ctx, decode, Phase.DECODE, request, pool, Set.of(), null);
      if (d < 0) {
        return Optional.empty();
      }
      EndpointState decodeEndpoint = ctx.candidate(d);
      int uncached = ctx.uncachedTokens(d);
      learn(ctx, decode, d);
      if (!pool.disaggregation().enabled()) {
        return Optional.of(new RoutingPlan(decodeEndpoint, null, uncached, Reason.AGGREGATED_POOL));
      }
      Reason decided = decode.decider().decide(request, pool, decodeEndpoint, uncached);
      if (decided != Reason.SPLIT) {
        return Optional.of(new RoutingPlan(decodeEndpoint, null, uncached, decided));
      }
      int p = choose(ctx, prefill, Phase.PREFILL, request, pool, Set.of(), decodeEndpoint);
      if (p < 0) {
        return Optional.of(
            new RoutingPlan(decodeEndpoint, null, uncached, Reason.NO_PREFILL_ENDPOINT));
      }
      EndpointState prefillEndpoint = ctx.candidate(p);
      learn(ctx, prefill, p);
      return Optional.of(new RoutingPlan(decodeEndpoint, prefillEndpoint, uncached, Reason.SPLIT));
    } finally {
      ctx.release();
    }
  }

  @Override
  public Optional<EndpointState> pick(
      Phase phase, SchedulingRequest request, Pool pool, Set<String> excludedIds) {
    CompiledProfile profile = phase == Phase.PREFILL ? prefill : decode;
    SchedulingContext ctx = contexts.get();
    try {
      int chosen = choose(ctx, profile, phase, request, pool, excludedIds, null);
      if (chosen < 0) {
        return Optional.empty();
      }
      learn(ctx, profile, chosen);
      return Optional.of(ctx.candidate(chosen));
    } finally {
      ctx.release();
    }
  }

  /**
   * Runs the decode profile's checks again, filter by filter, to name the one that left no candidate;
   * {@link NoCandidate#UNAVAILABLE} when the built-in checks already left none.
   */
  @Override
  public NoCandidate whyNoCandidate(SchedulingRequest request, Pool pool) {
    SchedulingContext ctx = contexts.get();
    try {
      ctx.reset(request, Phase.DECODE);
      List<EndpointState> left = pool.endpoints().stream()
          .filter(e -> e.schedulable() && Phase.DECODE.allows(e.endpoint().role())
              && e.endpoint().serves(request.model()))
          .flatMap(e -> e.candidates().stream())
          .toList();
      Filter[] filters = decode.filters();
      for (int f = 0; f < filters.length && !left.isEmpty(); f++) {
        Filter filter = filters[f];
        left = left.stream().filter(e -> filter.keep(ctx, e)).toList();
        if (left.isEmpty()) {
          return new NoCandidate.FilteredOut(decode.name(), decode.filterNames()[f]);
        }
      }
      return NoCandidate.UNAVAILABLE;
    } finally {
      ctx.release();
    }
  }

  /**
   * Runs filters, prefix matchers, scorers and the picker over every candidate (each rank of a
   * data-parallel server is one); returns the chosen candidate's index or -1.
   */
  private static int choose(
      SchedulingContext ctx,
      CompiledProfile profile,
      Phase phase,
      SchedulingRequest request,
      Pool pool,
      Set<String> excludedIds,
      EndpointState excluded) {
    ctx.reset(request, phase);
    List<EndpointState> endpoints = pool.endpoints();
    Filter[] filters = profile.filters();
    for (int i = 0, n = endpoints.size(); i < n; i++) {
      EndpointState e = endpoints.get(i);
      // Checked per server: its ranks share health, role, models, and the prefill never runs on
      // another rank of the decode's own server.
      if ((excluded != null && e == excluded.server()) || !e.schedulable()
          || !phase.allows(e.endpoint().role()) || !e.endpoint().serves(request.model())
          || (!excludedIds.isEmpty() && excludedIds.contains(e.id()))) {
        continue;
      }
      List<EndpointState> ranks = e.candidates();
      for (int r = 0, m = ranks.size(); r < m; r++) {
        EndpointState candidate = ranks.get(r);
        if (keptByAll(filters, ctx, candidate)) {
          ctx.add(candidate);
        }
      }
    }
    if (ctx.size() == 0) {
      return -1;
    }
    ctx.matchPrefixes(profile.matchers());
    for (CandidateFilter filter : profile.candidateFilters()) {
      filter.narrow(ctx);
    }
    int n = ctx.size();
    if (n == 0) {
      throw new IllegalStateException(
          "a candidate filter of profile '" + profile.name() + "' dropped every candidate");
    }
    double[] totals = ctx.totalsBuffer();
    double[] scores = ctx.scoreBuffer();
    for (int i = 0; i < n; i++) {
      totals[i] = 0;
    }
    Scorer[] scorers = profile.scorers();
    double[] weights = profile.weights();
    for (int s = 0; s < scorers.length; s++) {
      scorers[s].score(ctx, scores);
      double weight = weights[s];
      for (int i = 0; i < n; i++) {
        double score = scores[i];
        // NaN fails both comparisons and counts as 0: a broken scorer must not win an endpoint.
        totals[i] += weight * (score >= 1 ? 1 : score > 0 ? score : 0);
      }
    }
    if (n == 1) {
      return 0;
    }
    int chosen = profile.picker().pick(ctx, totals);
    if (chosen < 0 || chosen >= n) {
      throw new IllegalStateException(
          "picker of profile '" + profile.name() + "' returned " + chosen + " of " + n);
    }
    return chosen;
  }

  private static boolean keptByAll(Filter[] filters, SchedulingContext ctx, EndpointState e) {
    for (Filter filter : filters) {
      if (!filter.keep(ctx, e)) {
        return false;
      }
    }
    return true;
  }

  private static void learn(SchedulingContext ctx, CompiledProfile profile, int chosen) {
    for (PrefixMatcher matcher : profile.matchers()) {
      matcher.picked(ctx, chosen);
    }
    for (Scorer scorer : profile.scorers()) {
      scorer.picked(ctx, chosen);
    }
  }
}
