package dev.baton.server.tune;

import dev.baton.router.scheduling.config.SchedulingConfig;

/** A scheduling configuration a tune evaluates: the operator's current one, or a sample. */
public sealed interface Candidate {

  /** What the trial runs. */
  SchedulingConfig scheduling();

  /** Its name in progress lines, reports and the trials JSON. */
  String label();

  /**
   * The current profile (the {@code --config} file's {@code scheduling:} section, else Baton's
   * defaults): always evaluated, on every rung and on the held-out half, as the yardstick.
   */
  record Reference(SchedulingConfig scheduling) implements Candidate {
    @Override
    public String label() {
      return "current";
    }
  }

  /** A point of the search space, numbered in sampling order. */
  record Sampled(int id, ProfilePoint point, SchedulingConfig scheduling) implements Candidate {
    @Override
    public String label() {
      return "#" + id;
    }
  }
}
