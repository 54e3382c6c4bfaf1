package dev.baton.server.kvevents;

import java.util.concurrent.atomic.AtomicLong;

/** What the KV-event subscribers did, over all endpoints; exported as {@code baton_kv_events_*}. */
public final class KvEventCounters {
  /** Batches applied. */
  public final AtomicLong batches = new AtomicLong();
  /** Events applied (stored, removed, cleared). */
  public final AtomicLong events = new AtomicLong();
  /** Payloads that were not a KV-event batch. */
  public final AtomicLong decodeErrors = new AtomicLong();
  /** Replay requests that were answered. */
  public final AtomicLong replays = new AtomicLong();
  /** Replay requests that timed out (the engine has no replay socket, or is down). */
  public final AtomicLong replayTimeouts = new AtomicLong();
  /** Sequence gaps seen (a lost batch, or a restarted engine). */
  public final AtomicLong gaps = new AtomicLong();
  /** The last batch's delay from the engine's timestamp to applied, in milliseconds. */
  public final AtomicLong lagMillis = new AtomicLong();
}
