package dev.baton.server.tune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.scheduling.config.SchedulingConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The search on a synthetic trial runner whose optimum is known ({@link SyntheticRunner}), on a
 * fake clock: it stays within its budget, halving keeps the best sample, the winner beats the
 * current profile on the held-out half, and a seed repeats a tune exactly.
 */
class TuneSearchTest {

  private static final SearchSpace SPACE = SearchSpace.forFleet(true);

  private record Run(TuneResult result, SyntheticRunner runner, String progress) {}

  private static Run tune(Duration budget, int parallel, long seed, double noise) {
    SyntheticRunner runner = new SyntheticRunner(60, noise);
    StringWriter lines = new StringWriter();
    TuneSettings settings = new TuneSettings(Objective.TTFT_P90, budget, parallel, seed, 3, 3, 81);
    TuneProgress progress = new TuneProgress(new PrintWriter(lines), settings.objective(),
        runner.clockNanos::get, budget.toNanos());
    TuneResult result = new TuneSearch(settings, SPACE, runner, 0, runner.clockNanos::get,
        progress).run(SchedulingConfig.defaults());
    return new Run(result, runner, lines.toString());
  }

  @Test
  void findsAProfileNearTheOptimumWithinTheBudget() {
    Duration budget = Duration.ofMinutes(30);
    Run run = tune(budget, 1, 11, 0);
    TuneResult result = run.result();
    // 60 s per whole trace; the first rung is 1/18 of it: the budget sizes the sample.
    assertThat(result.samples()).isGreaterThan(20);
    assertThat(result.rungsReached()).isEqualTo(3);
    // The clock only moves by trials: the last trial may start just before the deadline.
    assertThat(result.seconds()).isLessThanOrEqualTo(budget.toSeconds() + 30);
    double best = SyntheticRunner.trueTtft(result.best().orElseThrow().point());
    double current = SyntheticRunner.trueTtft(SyntheticRunner.defaultPoint(SPACE));
    double bestPossible = result.trials().stream()
        .filter(r -> r.candidate() instanceof Candidate.Sampled)
        .mapToDouble(r -> SyntheticRunner.trueTtft(((Candidate.Sampled) r.candidate()).point()))
        .min().orElseThrow();
    assertThat(best).isEqualTo(bestPossible).isLessThan(current);
    assertThat(result.heldOutBest().orElseThrow().value())
        .isLessThan(result.heldOutCurrent().value());
    assertThat(result.heldOutImprovement()).isPositive();
    assertThat(result.recommended()).isTrue();
    assertThat(run.progress()).contains("warm-up (not counted)", "rung 1/3", "rung 3/3",
        "held-out", "ETA");
    // The warm-up replay ran but is in no result.
    assertThat(run.runner().runs.get()).isEqualTo(result.trials().size() + 1);
  }

  @Test
  void halvingKeepsTheBestOfEachRungAndTheCurrentProfileRunsOnEveryRung() {
    TuneResult result = tune(Duration.ofMinutes(30), 1, 5, 0).result();
    Map<Integer, List<TrialRecord>> byRung = result.trials().stream()
        .collect(Collectors.groupingBy(TrialRecord::rung));
    for (int rung = 0; rung < 3; rung++) {
      assertThat(byRung.get(rung)).anyMatch(r -> r.candidate() instanceof Candidate.Reference);
    }
    assertThat(byRung.get(TrialRecord.HELD_OUT_RUNG)).hasSize(2);
    for (int rung = 0; rung < 2; rung++) {
      List<TrialRecord> samples = sampled(byRung.get(rung));
      List<TrialRecord> next = sampled(byRung.get(rung + 1));
      assertThat(next).hasSize(samples.size() / 3);
      TrialRecord best = samples.stream()
          .min(Comparator.comparingDouble(r -> r.loss(Objective.TTFT_P90))).orElseThrow();
      assertThat(next).anyMatch(r -> r.candidate().equals(best.candidate()));
      assertThat(next.get(0).slice().size()).isEqualTo(samples.get(0).slice().size() * 3,
          org.assertj.core.data.Offset.offset(1e-9));
    }
    assertThat(sampled(byRung.get(2)).get(0).slice()).isEqualTo(TracePart.TRAINING);
  }

  @Test
  void noiseOnShortSlicesStillLeavesAWinnerThatBeatsTheCurrentProfileOnTheHeldOutHalf() {
    TuneResult result = tune(Duration.ofMinutes(30), 1, 9, 20).result();
    double best = SyntheticRunner.trueTtft(result.best().orElseThrow().point());
    double current = SyntheticRunner.trueTtft(SyntheticRunner.defaultPoint(SPACE));
    assertThat(best).isLessThan(current);
    assertThat(result.heldOutImprovement()).isPositive();
  }

  @Test
  void aSeedRepeatsTheTuneEvenWithTrialsInParallel() {
    String first = describe(tune(Duration.ofMinutes(20), 2, 77, 5).result());
    String again = describe(tune(Duration.ofMinutes(20), 2, 77, 5).result());
    String other = describe(tune(Duration.ofMinutes(20), 2, 78, 5).result());
    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void aFixedCostPerTrialIsFittedSoTheBudgetIsUsedButNotOverrun() {
    SyntheticRunner runner = new SyntheticRunner(240, 0, 12);
    Duration budget = Duration.ofMinutes(20);
    TuneSettings settings = new TuneSettings(Objective.TTFT_P90, budget, 1, 4, 3, 3, 64);
    TuneProgress progress = new TuneProgress(new PrintWriter(new StringWriter()),
        settings.objective(), runner.clockNanos::get, budget.toNanos());
    TuneResult result = new TuneSearch(settings, SPACE, runner, 0, runner.clockNanos::get,
        progress).run(SchedulingConfig.defaults());
    // A proportional model would take the 12 s start-up for trace time and size 5 samples.
    assertThat(result.samples()).isGreaterThan(10);
    assertThat(result.rungsReached()).isEqualTo(3);
    assertThat(result.seconds()).isBetween(0.6 * budget.toSeconds(), budget.toSeconds() + 12.0);
  }

  @Test
  void whenNoSampleBeatsTheCurrentProfileTheTuneSaysToKeepIt() {
    SyntheticRunner samples = new SyntheticRunner(60, 0);
    TrialRunner unbeatable = (candidate, slice) -> candidate instanceof Candidate.Reference
        ? SyntheticRunner.summary(50) : samples.run(candidate, slice);
    TuneSettings settings =
        new TuneSettings(Objective.TTFT_P90, Duration.ofMinutes(10), 1, 3, 3, 2, 9);
    TuneProgress progress = new TuneProgress(new PrintWriter(new StringWriter()),
        settings.objective(), samples.clockNanos::get, Long.MAX_VALUE);
    TuneResult result = new TuneSearch(settings, SPACE, unbeatable, 0, samples.clockNanos::get,
        progress).run(SchedulingConfig.defaults());
    assertThat(result.best()).isPresent();
    assertThat(result.recommended()).isFalse();
    assertThat(TuneReport.summary(result)).contains("verdict: keep the current profile")
        .doesNotContain("paste into baton.yaml");
  }

  @Test
  void aTinyBudgetStillComparesAWinnerWithTheCurrentProfile() {
    TuneResult result = tune(Duration.ofSeconds(20), 1, 1, 0).result();
    assertThat(result.samples()).isEqualTo(3);
    assertThat(result.heldOutCurrent().candidate()).isInstanceOf(Candidate.Reference.class);
    assertThat(result.best()).isPresent();
  }

  @Test
  void aFailingReplayRanksLastAndDoesNotStopTheTune() {
    SyntheticRunner good = new SyntheticRunner(60, 0);
    TrialRunner flaky = (candidate, slice) -> {
      if (candidate instanceof Candidate.Sampled s && s.id() % 2 == 0) {
        throw new IllegalStateException("replay broke");
      }
      return good.run(candidate, slice);
    };
    TuneSettings settings =
        new TuneSettings(Objective.TTFT_P90, Duration.ofMinutes(10), 1, 3, 3, 2, 12);
    TuneProgress progress = new TuneProgress(new PrintWriter(new StringWriter()),
        settings.objective(), good.clockNanos::get, Long.MAX_VALUE);
    TuneResult result = new TuneSearch(settings, SPACE, flaky, 0, good.clockNanos::get, progress)
        .run(SchedulingConfig.defaults());
    assertThat(result.trials()).anyMatch(r -> r.outcome() instanceof TrialOutcome.Failed f
        && f.message().contains("replay broke"));
    assertThat(result.best().orElseThrow().id() % 2).isEqualTo(1);
  }

  private static List<TrialRecord> sampled(List<TrialRecord> records) {
    return records.stream().filter(r -> r.candidate() instanceof Candidate.Sampled).toList();
  }

  private static String describe(TuneResult result) {
    return result.trials().stream()
        .map(r -> r.rung() + ":" + r.candidate().label() + "=" + r.value()
            + (r.candidate() instanceof Candidate.Sampled s ? s.point().byKey() : ""))
        .sorted().collect(Collectors.joining("\n"));
  }
}
