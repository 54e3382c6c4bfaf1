package dev.baton.sim.engine;

/** Receives a sequence's output on the worker's event loop, as the engine produces it. */
public interface TokenSink {

  /**
   * One generated token; {@link Sequence#outputCount()} already includes it. {@code finish} is null
   * unless this is the last token, in which case the engine has already freed (or, for a remote
   * decode, held) the sequence's blocks. Not called for aborted sequences.
   */
  void onToken(Sequence sequence, int token, FinishReason finish);
}
