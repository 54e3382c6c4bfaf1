package dev.baton.server.limits;

import dev.baton.server.admission.AdmissionRejected;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A bucket of failed authentication attempts per client address: each failure takes one unit, the
 * bucket refills at {@code perMinute} a minute, and an address with an empty bucket is refused
 * before its key is even looked at, so guessing keys runs at the refill rate, not at the speed of
 * SHA-256. Other addresses, and addresses that authenticate, are never charged. Idle addresses are
 * forgotten when the map grows, so spoofed-looking churn cannot grow memory without bound.
 */
public final class FailedAuthLimits {
  private static final int PRUNE_ABOVE = 10_000;

  private final int perMinute;
  private final LongSupplier clock;
  private final Map<String, TokenBucket> addresses = new ConcurrentHashMap<>();

  /** {@code perMinute} 0 turns the limit off. */
  public FailedAuthLimits(int perMinute) {
    this(perMinute, System::nanoTime);
  }

  FailedAuthLimits(int perMinute, LongSupplier clock) {
    this.perMinute = perMinute;
    this.clock = clock;
  }

  /**
   * Answers 429 with {@code Retry-After} and returns true when the request's address has no failed
   * attempts left; the caller then stops without looking at the credentials.
   */
  public boolean refused(RoutingContext ctx) {
    Optional<Duration> wait = blocked(addressOf(ctx));
    wait.ifPresent(w -> AdmissionRejected.send(ctx.response(),
        "Too many failed authentication attempts from this address; retry after the indicated time",
        w, "too_many_auth_failures"));
    return wait.isPresent();
  }

  /** Records one failed attempt from the request's address. */
  public void failed(RoutingContext ctx) {
    failed(addressOf(ctx));
  }

  /** The peer of the socket: a header naming another address is the client's claim, not a fact. */
  private static String addressOf(RoutingContext ctx) {
    SocketAddress peer = ctx.request().remoteAddress();
    return peer == null || peer.hostAddress() == null ? "unknown" : peer.hostAddress();
  }

  /** How long {@code address} must wait before it may try a key again; empty when it may now. */
  public Optional<Duration> blocked(String address) {
    TokenBucket bucket = perMinute == 0 ? null : addresses.get(address);
    if (bucket == null) {
      return Optional.empty();
    }
    synchronized (bucket) {
      long wait = bucket.waitNanos(clock.getAsLong());
      return wait > 0 ? Optional.of(Duration.ofNanos(wait)) : Optional.empty();
    }
  }

  /** Records one failed attempt from {@code address}. */
  public void failed(String address) {
    if (perMinute == 0) {
      return;
    }
    long now = clock.getAsLong();
    if (addresses.size() > PRUNE_ABOVE) {
      addresses.entrySet().removeIf(e -> {
        synchronized (e.getValue()) {
          return e.getValue().full(now);
        }
      });
    }
    TokenBucket bucket = addresses.computeIfAbsent(address, a -> new TokenBucket(perMinute, now));
    synchronized (bucket) {
      bucket.charge(1, now);
    }
  }
}
