package dev.baton.server.http;

import dev.baton.server.admission.AdmissionConfig;
import dev.baton.server.admission.AdmissionController;
import dev.baton.server.admission.RequestGate;
import dev.baton.server.auth.ApiKeys;
import dev.baton.server.auth.AuthConfig;
import dev.baton.server.auth.ClientAuth;
import dev.baton.server.limits.FailedAuthLimits;
import dev.baton.server.limits.LimitsConfig;
import dev.baton.server.limits.LimitsHandlers;
import dev.baton.server.limits.RequestLimits;
import dev.baton.server.limits.TenantRateLimits;
import io.vertx.core.Vertx;

/**
 * What protects the front door: client authentication, request limits, and the gate of rate limits
 * and admission control (docs/resilience.md).
 *
 * @param auth the {@code Authorization: Bearer} check on {@code /v1/*}
 * @param limits header, JSON-depth and prompt limits
 * @param gate rate limits and admission, per request, after parsing
 */
public record Guards(ClientAuth auth, LimitsHandlers limits, RequestGate gate) {

  /** Guards built from configuration sections. */
  public static Guards of(Vertx vertx, AuthConfig auth, LimitsConfig limits,
      AdmissionConfig admission) {
    ApiKeys keys = ApiKeys.of(auth);
    return new Guards(
        new ClientAuth(() -> keys, new FailedAuthLimits(auth.failuresPerMinute())),
        new LimitsHandlers(new RequestLimits(limits)),
        new RequestGate(new AdmissionController(vertx, admission), new TenantRateLimits(limits)));
  }

  /**
   * Applies reloaded limits and admission settings to requests that arrive from now on; queued
   * requests keep their place, and rate buckets of tenants whose rates did not change stay as they
   * are. (Client keys follow reloads through {@link ClientAuth}'s own supplier.)
   */
  public void reconfigure(LimitsConfig nextLimits, AdmissionConfig nextAdmission) {
    limits.use(new RequestLimits(nextLimits));
    gate.rates().reconfigure(nextLimits);
    gate.admission().reconfigure(nextAdmission);
  }
}
