package dev.baton.transfer.handoff;

/**
 * How a pool's split requests react to prefill failures.
 *
 * @param prefillRetries other prefill workers tried after one that cannot connect, times out or
 *     answers 5xx
 * @param onPrefillFailure what to do when every attempt failed or no usable handle came back
 */
public record HandoffPolicy(int prefillRetries, PrefillFailurePolicy onPrefillFailure) {

  public static final HandoffPolicy DEFAULTS = new HandoffPolicy(1, PrefillFailurePolicy.DECODE);

  public HandoffPolicy {
    if (prefillRetries < 0) {
      throw new IllegalArgumentException("prefillRetries must be >= 0");
    }
  }
}
