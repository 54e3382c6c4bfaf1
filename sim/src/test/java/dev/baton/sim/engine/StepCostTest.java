package dev.baton.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.baton.sim.SimConfig;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/**
 * Pins the engine model's step cost to docs/calibration.md: the formula exactly, and the measured
 * H100 and H200 cells within the tolerance that page states. No clock is involved: a step's cost is
 * a pure function of its batch, so these figures hold on any machine.
 */
class StepCostTest {
  private static final SimConfig H100 = SimConfig.defaults();
  private static final SimConfig H200 = SimConfig.h200();

  /** Decode cells of docs/calibration.md: {sequences, context tokens, H100 ms, H200 ms}. */
  private static final double[][] DECODE = {
      {1, 1024, 6.17, 4.58}, {8, 1024, 6.36, 4.79}, {32, 1024, 7.44, 5.49}, {64, 1024, 9.06, 6.69},
      {128, 1024, 12.44, 10.17}, {256, 1024, 19.33, 15.34}, {32, 4096, 11.71, 8.29},
      {64, 4096, 17.52, 12.25}};

  /** Prefill cells from 1,024 tokens up (below, launch overhead dominates): {tokens, H100, H200}. */
  private static final double[][] PREFILL = {
      {1024, 33.0, 31.9}, {2048, 63.4, 61.1}, {4096, 130.8, 121.7}, {8192, 267.4, 256.0}};

  @Test
  void aStepCostsTheFixedPassPlusEachPartsVariableCost() {
    Step mixed = new Step();
    mixed.add(sequence(2_000), 512, false); // a prefill chunk of 512 tokens
    for (int i = 0; i < 10; i++) {
      mixed.add(sequence(1_000), 1, true); // ten decodes, 1,000 cached tokens each
    }
    // 6.0 ms + 512 x 30 us + 10 x 0.02 ms + 10,000 x 0.043 us
    assertThat(mixed.costMs(H100)).isCloseTo(6.0 + 15.36 + 0.2 + 0.43, within(1e-9));
    // 4.5 ms + 512 x 25 us + 10 x 0.02 ms + 10,000 x 0.031 us
    assertThat(mixed.costMs(H200)).isCloseTo(4.5 + 12.8 + 0.2 + 0.31, within(1e-9));
    assertThat(new Step().costMs(H100)).isEqualTo(6.0);
  }

  @Test
  void decodeStepsMatchTheMeasuredCells() {
    for (double[] cell : DECODE) {
      Step step = decodes((int) cell[0], (int) cell[1]);
      assertThat(step.costMs(H100)).as("H100 %s x %s", cell[0], cell[1])
          .isCloseTo(cell[2], Percentage.withPercentage(16));
      assertThat(step.costMs(H200)).as("H200 %s x %s", cell[0], cell[1])
          .isCloseTo(cell[3], Percentage.withPercentage(18));
    }
  }

  @Test
  void prefillStepsMatchTheMeasuredCells() {
    for (double[] cell : PREFILL) {
      Step step = new Step();
      step.add(sequence(0), (int) cell[0], false);
      assertThat(step.costMs(H100)).as("H100 prefill %s", cell[0])
          .isCloseTo(cell[1], Percentage.withPercentage(12));
      assertThat(step.costMs(H200)).as("H200 prefill %s", cell[0])
          .isCloseTo(cell[2], Percentage.withPercentage(19));
    }
  }

  private static Step decodes(int sequences, int context) {
    Step step = new Step();
    for (int i = 0; i < sequences; i++) {
      step.add(sequence(context), 1, true);
    }
    return step;
  }

  /** A sequence whose first {@code computed} tokens have KV: what a decode step reads. */
  private static Sequence sequence(int computed) {
    Sequence seq = new Sequence(
        new SequenceSpec("cost", new int[] {1}, 1, 0, false, 0, null, false, 0, 0), null, 0);
    seq.numComputed = computed;
    return seq;
  }
}
