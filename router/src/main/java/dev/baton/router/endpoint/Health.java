package dev.baton.router.endpoint;

/** Health as the active prober and passive outlier detection see it. */
public enum Health {
  /** Not probed yet: schedulable, so a fresh fleet serves before the first probe round. */
  UNKNOWN,
  HEALTHY,
  UNHEALTHY;

  public boolean schedulable() {
    return this != UNHEALTHY;
  }
}
