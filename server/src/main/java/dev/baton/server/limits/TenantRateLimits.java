package dev.baton.server.limits;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Requests-per-minute and tokens-per-minute buckets per tenant. {@link #tryAcquire} either charges
 * both buckets or says how long to wait; the front door turns a wait into 429 and
 * {@code Retry-After}. Idle tenants' buckets are dropped when the map grows, so tenant names made up
 * by clients cannot grow memory without bound.
 */
public final class TenantRateLimits {
  private static final int PRUNE_ABOVE = 10_000;

  private volatile LimitsConfig config;
  private final LongSupplier clock;
  private final Map<String, Buckets> tenants = new ConcurrentHashMap<>();

  private static final class Buckets {
    final TokenBucket requests;
    final TokenBucket tokens;

    Buckets(RateLimitConfig limits, long now) {
      requests = limits.requestsPerMinute() > 0 ? new TokenBucket(limits.requestsPerMinute(), now) : null;
      tokens = limits.tokensPerMinute() > 0 ? new TokenBucket(limits.tokensPerMinute(), now) : null;
    }
  }

  public TenantRateLimits(LimitsConfig config) {
    this(config, System::nanoTime);
  }

  TenantRateLimits(LimitsConfig config, LongSupplier clock) {
    this.config = config;
    this.clock = clock;
  }

  /**
   * Applies new limits (a reload). Tenants whose rates did not change keep their buckets, so a
   * reload neither refills nor empties them; the others start a fresh bucket at the new rate.
   */
  public synchronized void reconfigure(LimitsConfig next) {
    LimitsConfig old = config;
    config = next;
    tenants.keySet().removeIf(tenant -> !old.rateOf(tenant).equals(next.rateOf(tenant)));
  }

  /**
   * Charges one request and {@code tokens} to the tenant, or returns how long it must wait.
   *
   * @param tokens the request's estimated prompt tokens plus its completion limit
   */
  public Optional<Duration> tryAcquire(String tenant, long tokens) {
    RateLimitConfig limits = config.rateOf(tenant);
    if (limits.unlimited()) {
      return Optional.empty();
    }
    long now = clock.getAsLong();
    if (tenants.size() > PRUNE_ABOVE) {
      prune(now);
    }
    Buckets b = tenants.computeIfAbsent(tenant, t -> new Buckets(limits, now));
    synchronized (b) {
      long wait = Math.max(b.requests == null ? 0 : b.requests.waitNanos(now),
          b.tokens == null ? 0 : b.tokens.waitNanos(now));
      if (wait > 0) {
        return Optional.of(Duration.ofNanos(wait));
      }
      if (b.requests != null) {
        b.requests.charge(1, now);
      }
      if (b.tokens != null) {
        b.tokens.charge(tokens, now);
      }
      return Optional.empty();
    }
  }

  /**
   * Corrects a tenant's tokens charge once its request ended: {@code charged} (the estimate taken at
   * admission) is replaced by {@code used}, the tokens the workers reported. A request that used
   * less gives the rest back, one that used more takes it.
   *
   * @return true when the tenant has a tokens/min budget (the tokens were charged to it)
   */
  public boolean settle(String tenant, long charged, long used) {
    if (config.rateOf(tenant).tokensPerMinute() == 0) {
      return false;
    }
    Buckets b = tenants.get(tenant);
    if (b != null && b.tokens != null && used != charged) {
      synchronized (b) {
        b.tokens.charge(used - charged, clock.getAsLong());
      }
    }
    return true;
  }

  /**
   * The tenant as metrics name it: a tenant listed under {@code limits.tenants} by its name, every
   * other one {@code default}, so clients cannot mint series with made-up tenant headers.
   */
  public String labelOf(String tenant) {
    return config.tenants().containsKey(tenant) ? tenant : "default";
  }

  /** The tokens a tenant may still take now (negative: in debt); NaN without a tokens budget. */
  double tokensLeft(String tenant) {
    Buckets b = tenants.get(tenant);
    if (b == null || b.tokens == null) {
      return Double.NaN;
    }
    synchronized (b) {
      return b.tokens.level(clock.getAsLong());
    }
  }

  private void prune(long now) {
    tenants.entrySet().removeIf(e -> {
      synchronized (e.getValue()) {
        Buckets b = e.getValue();
        return (b.requests == null || b.requests.full(now)) && (b.tokens == null || b.tokens.full(now));
      }
    });
  }
}
