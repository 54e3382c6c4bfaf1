package dev.baton.server.slo;

import dev.baton.router.latency.SloTarget;

/**
 * A default latency objective in YAML ({@code slo.defaults}, {@code slo.models.<name>},
 * {@code slo.tenants.<name>}): what a request without SLO headers is held to.
 *
 * @param ttftMs time to first token, ms (absent or 0: none)
 * @param tpotMs time per output token after the first, ms (absent or 0: none)
 */
public record SloObjective(Double ttftMs, Double tpotMs) {

  public SloObjective {
    ttftMs = ttftMs == null ? 0.0 : ttftMs;
    tpotMs = tpotMs == null ? 0.0 : tpotMs;
    target(ttftMs, tpotMs); // range check, with the router's message
  }

  private static SloTarget target(double ttftMs, double tpotMs) {
    return new SloTarget(ttftMs, tpotMs);
  }

  public SloTarget target() {
    return target(ttftMs, tpotMs);
  }
}
