package dev.baton.router.scheduling;

import dev.baton.router.scheduling.decider.PdDeciders;
import dev.baton.router.scheduling.filter.HealthFilter;
import dev.baton.router.scheduling.filter.LabelSelectorFilter;
import dev.baton.router.scheduling.filter.ModelFilter;
import dev.baton.router.scheduling.filter.RoleFilter;
import dev.baton.router.scheduling.filter.SloHeadroomFilter;
import dev.baton.router.scheduling.matcher.ApproximatePrefixMatcher;
import dev.baton.router.scheduling.matcher.PrecisePrefixMatcher;
import dev.baton.router.scheduling.picker.MaxScorePicker;
import dev.baton.router.scheduling.picker.PowerOfTwoPicker;
import dev.baton.router.scheduling.picker.RoundRobinPicker;
import dev.baton.router.scheduling.picker.WeightedRandomPicker;
import dev.baton.router.scheduling.plugin.PluginRegistry;
import dev.baton.router.scheduling.scorer.CostScorer;
import dev.baton.router.scheduling.scorer.InFlightRequestsScorer;
import dev.baton.router.scheduling.scorer.LatencyScorer;
import dev.baton.router.scheduling.scorer.InFlightTokensScorer;
import dev.baton.router.scheduling.scorer.KvCacheUtilizationScorer;
import dev.baton.router.scheduling.scorer.LoraAffinityScorer;
import dev.baton.router.scheduling.scorer.PrefixCacheScorer;
import dev.baton.router.scheduling.scorer.QueueDepthScorer;
import dev.baton.router.scheduling.scorer.RunningRequestsScorer;
import dev.baton.router.scheduling.scorer.SessionAffinityScorer;

/** The plugin types Baton ships, by the {@code type} name used in YAML (docs/scheduling.md). */
public final class BuiltinPlugins {
  private static final PluginRegistry REGISTRY = PluginRegistry.empty()
      .with(HealthFilter.TYPE, (p, s) -> new HealthFilter())
      .with(RoleFilter.TYPE, (p, s) -> new RoleFilter())
      .with(ModelFilter.TYPE, (p, s) -> new ModelFilter())
      .with(LabelSelectorFilter.TYPE, (p, s) -> LabelSelectorFilter.from(p))
      .with(QueueDepthScorer.TYPE, (p, s) -> QueueDepthScorer.from(p))
      .with(KvCacheUtilizationScorer.TYPE, (p, s) -> KvCacheUtilizationScorer.from(p))
      .with(RunningRequestsScorer.TYPE, (p, s) -> RunningRequestsScorer.from(p))
      .with(InFlightRequestsScorer.TYPE, (p, s) -> InFlightRequestsScorer.from(p))
      .with(InFlightTokensScorer.TYPE, (p, s) -> InFlightTokensScorer.from(p))
      .with(PrefixCacheScorer.TYPE, (p, s) -> PrefixCacheScorer.from(p))
      .with(ApproximatePrefixMatcher.TYPE, ApproximatePrefixMatcher::from)
      .with(PrecisePrefixMatcher.TYPE, PrecisePrefixMatcher::from)
      .with(SessionAffinityScorer.TYPE, SessionAffinityScorer::from)
      .with(LoraAffinityScorer.TYPE, (p, s) -> LoraAffinityScorer.from(p))
      .with(MaxScorePicker.TYPE, (p, s) -> new MaxScorePicker())
      .with(WeightedRandomPicker.TYPE, (p, s) -> new WeightedRandomPicker())
      .with(PowerOfTwoPicker.TYPE, (p, s) -> new PowerOfTwoPicker())
      .with(RoundRobinPicker.TYPE, (p, s) -> new RoundRobinPicker())
      .with(PdDeciders.TYPE, PdDeciders::from)
      .with(SloHeadroomFilter.TYPE, (p, s) -> SloHeadroomFilter.from(p))
      .with(LatencyScorer.TYPE, (p, s) -> LatencyScorer.from(p))
      .with(CostScorer.TYPE, CostScorer::from);

  private BuiltinPlugins() {}

  /** Every built-in type; add your own with {@link PluginRegistry#with}. */
  public static PluginRegistry registry() {
    return REGISTRY;
  }
}
