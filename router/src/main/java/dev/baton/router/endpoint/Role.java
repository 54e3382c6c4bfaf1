package dev.baton.router.endpoint;

/** What an endpoint may be used for, as ops declare it per pool in YAML. */
public enum Role {
  /** Runs prefill legs only: prompts in, KV-cache handles out. */
  PREFILL,
  /** Runs decode legs (and aggregated requests). */
  DECODE,
  /** Runs either leg, and whole requests. */
  BOTH;

  public boolean canPrefill() {
    return this != DECODE;
  }

  public boolean canDecode() {
    return this != PREFILL;
  }
}
