package dev.baton.router.scheduling;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.latency.LatencyModels;
import dev.baton.router.prefix.PrefixIndex;
import dev.baton.router.prefix.TokenBlockIndex;
import dev.baton.router.session.SessionTable;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * What a scheduler learns while it runs and must keep across config reloads: the prefix index, the
 * session table, plus the clock and random source (injectable so tests control them). Create one per
 * process and pass it to every {@link ProfileScheduler} built from a new config.
 */
public final class SchedulerState {
  private final LongSupplier nanoTime;
  private final RandomGenerator random;
  private final AtomicReference<PrefixIndex> prefixIndex = new AtomicReference<>();
  private final AtomicReference<SessionTable> sessions = new AtomicReference<>();
  private final TokenBlockIndex tokenBlocks = new TokenBlockIndex(TokenBlockIndex.Settings.DEFAULTS);
  private final LatencyModels latency;

  private SchedulerState(LongSupplier nanoTime, RandomGenerator random) {
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.random = random;
    this.latency = new LatencyModels(nanoTime);
  }

  /** Real time and a per-thread random source. */
  public static SchedulerState create() {
    return new SchedulerState(System::nanoTime, null);
  }

  /**
   * A state with a given clock and random source (tests).
   *
   * @param random shared by all threads, so it must be thread-safe (e.g. a seeded {@link
   *     java.util.Random}); null means {@link ThreadLocalRandom}
   */
  public static SchedulerState create(LongSupplier nanoTime, RandomGenerator random) {
    return new SchedulerState(nanoTime, random);
  }

  public long nanoTime() {
    return nanoTime.getAsLong();
  }

  public RandomGenerator random() {
    return random != null ? random : ThreadLocalRandom.current();
  }

  /**
   * The prefix index with these settings: the existing one when they are unchanged, so a reload keeps
   * what was learned; a fresh one when they changed (old block hashes would no longer match).
   */
  public PrefixIndex prefixIndex(PrefixIndex.Settings settings) {
    return prefixIndex.updateAndGet(
        current -> current != null && current.settings().equals(settings)
            ? current
            : PrefixIndex.create(settings));
  }

  /**
   * The prefix index as it is, or null before a profile asked for one. Read-only, unlike
   * {@link #prefixIndex(PrefixIndex.Settings)}, so metrics can watch it without replacing it.
   */
  public PrefixIndex currentPrefixIndex() {
    return prefixIndex.get();
  }

  /**
   * What the engines' KV-cache events say each endpoint holds; the server's event subscribers
   * write it, the {@code precise-prefix-cache} matcher reads it. One per process, kept across reloads.
   */
  public TokenBlockIndex tokenBlocks() {
    return tokenBlocks;
  }

  /**
   * The latency models per hardware class and the classes' costs: the latency plugins predict
   * with them, the front door teaches them what it observes. One per process, kept across reloads.
   */
  public LatencyModels latency() {
    return latency;
  }

  /** The session table, created on first use; later calls adjust its limits in place. */
  public SessionTable sessions(int capacity, long idleTimeoutNanos) {
    SessionTable table =
        sessions.updateAndGet(t -> t != null ? t : new SessionTable(capacity, idleTimeoutNanos));
    table.limits(capacity, idleTimeoutNanos);
    return table;
  }

  /**
   * Forgets what was learned of candidates that are gone: keeps the prefix state of every candidate
   * of {@code endpoints} (each data-parallel rank's own cache key), drops the rest. Call after a
   * reload or a new endpoint list.
   */
  public void retainCandidates(Collection<EndpointState> endpoints) {
    Set<String> keys = new HashSet<>();
    for (EndpointState e : endpoints) {
      for (EndpointState candidate : e.candidates()) {
        keys.add(candidate.cacheId());
      }
    }
    retainEndpoints(keys);
  }

  /** Forgets endpoints that left the configuration (call after a reload that removed endpoints). */
  public void retainEndpoints(Set<String> endpointIds) {
    PrefixIndex index = prefixIndex.get();
    if (index != null) {
      index.retainEndpoints(endpointIds);
    }
    tokenBlocks.retainEndpoints(endpointIds);
  }
}
