package dev.baton.transfer.handoff;

/**
 * How one KV-connector family edits the legs of a split request: the bodies (and what a leg's
 * answer carries). The shape of the legs, the <em>protocol</em>, follows from which of the two
 * sub-interfaces a dialect implements: {@link SequentialDialect} (prefill answers with a handle,
 * then decode) or {@link ConcurrentDialect} (both legs at once, joined by a rendezvous id). A dialect
 * that implements neither never splits. Dialects are stateless, never modify their arguments, and
 * register by name in {@link Dialects}.
 *
 * <p>The client body given to dialects has already lost any client-supplied
 * {@code kv_transfer_params}: clients must not steer KV transfers.
 */
public interface HandoffDialect {

  /** The {@code dialect:} value that selects it in YAML, lower case. */
  String name();
}
