package dev.baton.router;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Tags are the constants' lower-case names, computed once per enum, bodies or not. */
class LowerCaseTagTest {

  enum Plain implements LowerCaseTag { NO_WORKER, BELOW_THRESHOLD }

  enum WithBodies implements LowerCaseTag {
    FIRST {
      @Override
      public String toString() {
        return "first!";
      }
    },
    SECOND_ONE
  }

  @Test
  void aTagIsTheConstantsNameInLowerCase() {
    assertThat(Plain.NO_WORKER.tag()).isEqualTo("no_worker");
    assertThat(Plain.BELOW_THRESHOLD.tag()).isEqualTo("below_threshold");
  }

  @Test
  void aConstantWithABodyIsTaggedByItsEnumsConstants() {
    // FIRST's class is an anonymous subclass of WithBodies, which holds the constants.
    assertThat(WithBodies.FIRST.getClass()).isNotEqualTo(WithBodies.class);
    assertThat(WithBodies.FIRST.tag()).isEqualTo("first");
    assertThat(WithBodies.SECOND_ONE.tag()).isEqualTo("second_one");
  }

  @Test
  void theTagIsComputedOnceNotPerCall() {
    assertThat(Plain.NO_WORKER.tag()).isSameAs(Plain.NO_WORKER.tag());
  }
}
