package dev.baton.server.tune;

/**
 * The pickers {@code baton tune} tries in the decode profile. {@code round-robin} is left out: it
 * ignores every weight, so it would make the rest of a sample meaningless.
 */
public enum PickerChoice {
  MAX_SCORE("max-score"),
  POWER_OF_TWO("power-of-two"),
  WEIGHTED_RANDOM("weighted-random");

  private final String type;

  PickerChoice(String type) {
    this.type = type;
  }

  /** The plugin type in {@code scheduling.plugins}. */
  public String type() {
    return type;
  }
}
