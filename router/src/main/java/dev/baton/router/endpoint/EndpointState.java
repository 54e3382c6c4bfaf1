package dev.baton.router.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live state of one endpoint, shared by the scheduler (reads, lock-free) and the background
 * probers and request observers (writes). Survives config reloads while the endpoint stays.
 *
 * <p>A server with data-parallel ranks ({@link Endpoint#dataParallelSize()} above 1) also has one
 * state per rank ({@link #candidates()}): what the scheduler picks among. A rank keeps its own engine
 * load, in-flight counts and cache key, and shares the server's health, drain and breaker marks (one
 * process answers for all its ranks), so reading or setting those on a rank reads or sets the
 * server's. Requests counted on a rank count on the server too.
 */
public final class EndpointState {
  private final Endpoint endpoint;
  private final EndpointState server;
  private final DataParallelRank rank;
  private final String cacheId;
  private final List<EndpointState> candidates;
  private volatile Health health = Health.UNKNOWN;
  private volatile EngineLoad load = EngineLoad.UNKNOWN;
  private volatile boolean draining;
  private volatile boolean breakerOpen;
  private volatile int connectionLimit = Integer.MAX_VALUE;
  private final AtomicInteger inFlightRequests = new AtomicInteger();
  private final AtomicLong inFlightTokens = new AtomicLong();
  private final AtomicLong picks = new AtomicLong();
  private final AtomicLong newPrefixes = new AtomicLong();
  private final AtomicLong pendingPrefillTokens = new AtomicLong();

  public EndpointState(Endpoint endpoint) {
    this.endpoint = endpoint;
    this.server = this;
    this.rank = DataParallelRank.SOLE;
    this.cacheId = endpoint.id();
    int size = endpoint.dataParallelSize();
    if (size == 1) {
      this.candidates = List.of(this);
    } else {
      List<EndpointState> ranks = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        ranks.add(new EndpointState(this, new DataParallelRank(i, size)));
      }
      this.candidates = List.copyOf(ranks);
    }
  }

  private EndpointState(EndpointState server, DataParallelRank rank) {
    this.endpoint = server.endpoint;
    this.server = server;
    this.rank = rank;
    this.cacheId = rank.cacheId(endpoint.id());
    this.candidates = List.of(this);
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /** The endpoint's id: the same for every rank of a server (breakers, retries, metrics, logs). */
  public String id() {
    return endpoint.id();
  }

  /** The rank this state stands for; {@link DataParallelRank#SOLE} for a server itself. */
  public DataParallelRank rank() {
    return rank;
  }

  /** The whole server: this state itself unless it is one of a server's ranks. */
  public EndpointState server() {
    return server;
  }

  /**
   * What the scheduler chooses among for this server: its ranks when it has several, else itself.
   */
  public List<EndpointState> candidates() {
    return candidates;
  }

  /** The key of this candidate's KV cache in prefix indexes and session bindings. */
  public String cacheId() {
    return cacheId;
  }

  public Health health() {
    return server.health;
  }

  public void health(Health health) {
    server.health = health;
  }

  public EngineLoad load() {
    return load;
  }

  public void load(EngineLoad load) {
    this.load = load;
  }

  public boolean draining() {
    return server.draining;
  }

  public void draining(boolean draining) {
    server.draining = draining;
  }

  public boolean breakerOpen() {
    return server.breakerOpen;
  }

  public void breakerOpen(boolean open) {
    server.breakerOpen = open;
  }

  /**
   * Calls Baton may hold open to this server at once: its connection pool, since a streaming request
   * holds one connection for its whole life. Shared by all ranks of a data-parallel server.
   */
  public void connectionLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("connection limit must be >= 1, got " + limit);
    }
    server.connectionLimit = limit;
  }

  public int connectionLimit() {
    return server.connectionLimit;
  }

  /**
   * True when every connection to the server is in use: a new request would wait for one and time
   * out as if the worker were dead, so the scheduler looks elsewhere and admission queues it.
   */
  public boolean saturated() {
    return server.inFlightRequests.get() >= server.connectionLimit;
  }

  /** True when the server takes requests at all: healthy or unknown, not draining, breaker closed. */
  public boolean accepting() {
    return server.health.schedulable() && !server.draining && !server.breakerOpen;
  }

  /** True when a new request may be sent here now: {@link #accepting()}, with a connection to spare. */
  public boolean schedulable() {
    return accepting() && !saturated();
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
    count(tokens);
    if (server != this) {
      server.count(tokens);
    }
    return new InFlightLease(this, tokens);
  }

  private void count(long tokens) {
    picks.incrementAndGet();
    inFlightRequests.incrementAndGet();
    inFlightTokens.addAndGet(tokens);
  }

  void release(long tokens) {
    inFlightRequests.decrementAndGet();
    inFlightTokens.addAndGet(-tokens);
    if (server != this) {
      server.release(tokens);
    }
  }

  @Override
  public String toString() {
    return "EndpointState[" + cacheId + " " + endpoint.role() + " " + server.health + " inFlight="
        + inFlightRequests.get() + "]";
  }
}
