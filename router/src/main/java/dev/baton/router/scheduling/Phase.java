package dev.baton.router.scheduling;

import dev.baton.router.endpoint.Role;

/** The leg an endpoint is being picked for; each phase has its own scheduling profile. */
public enum Phase {
  PREFILL,
  /** The decode leg, or a whole request served aggregated. */
  DECODE;

  public boolean allows(Role role) {
    return this == PREFILL ? role.canPrefill() : role.canDecode();
  }
}
