package dev.baton.router.endpoint;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live state of one endpoint, shared by the scheduler (reads, lock-free) and the background
 * probers and request observers (writes). Survives config reloads while the endpoint stays.
 */
public final class EndpointState {
  private final Endpoint endpoint;
  private volatile Health health = Health.UNKNOWN;
  private volatile EngineLoad load = EngineLoad.UNKNOWN;
  private volatile boolean draining;
  private volatile boolean breakerOpen;
  private final AtomicInteger inFlightRequests = new AtomicInteger();
  private final AtomicLong inFlightTokens = new AtomicLong();
  private final AtomicLong picks = new AtomicLong();
  private final AtomicLong newPrefixes = new AtomicLong();
  private final AtomicLong pendingPrefillTokens = new AtomicLong();

  public EndpointState(Endpoint endpoint) {
    this.endpoint = endpoint;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  public String id() {
    return endpoint.id();
  }

  public Health health() {
    return health;
  }

  public void health(Health health) {
    this.health = health;
  }

  public EngineLoad load() {
    return load;
  }

  public void load(EngineLoad load) {
    this.load = load;
  }

  public boolean draining() {
    return draining;
  }

  public void draining(boolean draining) {
    this.draining = draining;
  }

  public boolean breakerOpen() {
    return breakerOpen;
  }

  public void breakerOpen(boolean open) {
    this.breakerOpen = open;
  }

  /** True when new requests may be sent here: healthy or unknown, not draining, breaker closed. */
  public boolean schedulable() {
    return health.schedulable() && !draining && !breakerOpen;
  }

  public int inFlightRequests() {
    return inFlightRequests.get();
  }

  public long inFlightTokens() {
    return inFlightTokens.get();
  }

  public long picks() {
    return picks.get();
  }

  /**
   * Prompts sent here whose prefix no candidate was known to hold: how much distinct context Baton
   * has placed on this endpoint, so the next new context can go where there is least.
   */
  public long newPrefixes() {
    return newPrefixes.get();
  }

  public void countNewPrefix() {
    newPrefixes.incrementAndGet();
  }

  /**
   * Prompt tokens of requests routed here whose first token has not come back: the prefill work
   * queued ahead of a new request, which the latency model reads. Moves at routing and at the first
   * token, between two scrapes of the engine.
   */
  public long pendingPrefillTokens() {
    return pendingPrefillTokens.get();
  }

  /** Adds (or, negative, removes) pending prefill tokens; see {@link #pendingPrefillTokens()}. */
  public void addPendingPrefillTokens(long tokens) {
    pendingPrefillTokens.addAndGet(tokens);
  }

  /**
   * Counts a request against this endpoint until the returned lease is released. Baton's own counts
   * move at once, so decisions between two metric scrapes still see the load they create.
   */
  public InFlightLease acquire(long tokens) {
    picks.incrementAndGet();
    inFlightRequests.incrementAndGet();
    inFlightTokens.addAndGet(tokens);
    return new InFlightLease(this, tokens);
  }

  void release(long tokens) {
    inFlightRequests.decrementAndGet();
    inFlightTokens.addAndGet(-tokens);
  }

  @Override
  public String toString() {
    return "EndpointState[" + endpoint.id() + " " + endpoint.role() + " " + health + " inFlight="
        + inFlightRequests.get() + "]";
  }
}
