package dev.baton.server.tune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.scheduling.config.SchedulingConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How trials rank: by the objective, ties by the lower TTFT p90, failures last. */
class TrialRecordTest {

  private static TrialRecord measured(double attainment, double ttftP90) {
    return new TrialRecord(0, new Candidate.Reference(SchedulingConfig.defaults()),
        TracePart.TRAINING, 1, new TrialOutcome.Measured(SyntheticRunner.summary(ttftP90),
            attainment));
  }

  @Test
  void equalAttainmentsRankByTheLowerTtftP90() {
    TrialRecord slowFull = measured(1.0, 100);
    TrialRecord fastFull = measured(1.0, 50);
    TrialRecord fastPartial = measured(0.9, 10);
    TrialRecord failed = new TrialRecord(0, new Candidate.Reference(SchedulingConfig.defaults()),
        TracePart.TRAINING, 1, new TrialOutcome.Failed("boom"));

    List<TrialRecord> ranked = List.of(failed, fastPartial, slowFull, fastFull).stream()
        .sorted(TrialRecord.byObjective(Objective.SLO_ATTAINMENT)).toList();

    assertThat(ranked).containsExactly(fastFull, slowFull, fastPartial, failed);
  }
}
