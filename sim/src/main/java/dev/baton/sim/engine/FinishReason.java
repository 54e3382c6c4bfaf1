package dev.baton.sim.engine;

/** Why a sequence stopped, spelled as OpenAI's {@code finish_reason}. */
public enum FinishReason {
  /** The model emitted its end-of-turn token. */
  STOP("stop"),
  /** {@code max_tokens} was reached. */
  LENGTH("length"),
  /** The client went away; never sent on the wire. */
  ABORT("abort");

  private final String wire;

  FinishReason(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}
