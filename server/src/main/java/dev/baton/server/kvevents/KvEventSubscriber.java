package dev.baton.server.kvevents;

import dev.baton.router.prefix.TokenBlockIndex;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Follows one endpoint's KV events into the {@link TokenBlockIndex}, on a thread of its own (never
 * an event loop): a SUB socket (JeroMQ reconnects by itself) plus replays from the engine's ROUTER,
 * from 0 on first contact and from last+1 whenever a sequence number is skipped. A sequence number
 * going backwards means the engine restarted: its view is dropped and replayed from 0.
 *
 * <p>Events are "flowing" (the precise view decides for this endpoint) once a replay was answered
 * or a batch arrived; while the engine stays silent a replay from last+1 every {@code probe} checks
 * it is still there, and when that goes unanswered the endpoint's view is dropped until it is back.
 */
final class KvEventSubscriber {
  private static final System.Logger LOG = System.getLogger(KvEventSubscriber.class.getName());
  private static final int RECEIVE_MILLIS = 100;
  /** A connection whose ZMTP handshake has not finished by then is dropped and made again. */
  static final int HANDSHAKE_MILLIS = 2_000;
  private static final long REPLAY_TIMEOUT_MILLIS = 1_000;
  private static final long PROBE_NANOS = 2_000_000_000L;

  private final ZContext context;
  private final SubscriptionTarget target;
  private final TokenBlockIndex index;
  private final KvEventCounters counters;
  private final Thread thread;
  private volatile boolean running = true;
  private long lastSeq = -1;
  /** Whether a replay from 0 was answered, so the next sequence number expected is known. */
  private boolean synced;
  private long lastHeardNanos;
  private boolean live;

  KvEventSubscriber(ZContext context, SubscriptionTarget target, TokenBlockIndex index,
      KvEventCounters counters) {
    this.context = context;
    this.target = target;
    this.index = index;
    this.counters = counters;
    this.thread = new Thread(this::run, "baton-kv-events-" + target.cacheId());
    thread.setDaemon(true);
  }

  SubscriptionTarget target() {
    return target;
  }

  void start() {
    thread.start();
  }

  /** Stops within a receive timeout; never waits for it. The endpoint's view is dropped. */
  void stop() {
    running = false;
  }

  private void run() {
    ZMQ.Socket sub = context.createSocket(SocketType.SUB);
    try {
      sub.setLinger(0);
      // JeroMQ 0.6 sometimes leaves a connection it has just made unwatched (zeromq/jeromq#1022):
      // its handshake never starts and only the handshake deadline (30 s by default) retries it.
      sub.setHandshakeIvl(HANDSHAKE_MILLIS);
      sub.setReceiveTimeOut(RECEIVE_MILLIS);
      sub.subscribe(target.topic().getBytes(StandardCharsets.UTF_8));
      sub.connect(target.publisher());
      replayFrom(0);
      while (running) {
        byte[] topic = sub.recv();
        if (topic == null) {
          probeIfQuiet();
          continue;
        }
        byte[] seqFrame = sub.hasReceiveMore() ? sub.recv() : null;
        byte[] payload = sub.hasReceiveMore() ? sub.recv() : null;
        while (sub.hasReceiveMore()) {
          sub.recv();
        }
        if (seqFrame == null || seqFrame.length != 8 || payload == null) {
          counters.decodeErrors.incrementAndGet();
          continue;
        }
        received(ByteBuffer.wrap(seqFrame).getLong(), payload);
      }
    } catch (RuntimeException e) {
      // Closing Baton terminates the ZMQ context under a blocked receive: that is no failure.
      if (running) {
        LOG.log(Level.WARNING, "KV events of {0} stopped: {1}", target.cacheId(), e.toString());
      }
    } finally {
      closeQuietly(sub);
      index.live(target.cacheId(), false);
      index.cleared(target.cacheId());
    }
  }

  private static void closeQuietly(ZMQ.Socket socket) {
    try {
      socket.close();
    } catch (RuntimeException ignored) {
      // the context is already gone, and the socket with it
    }
  }

  private void received(long seq, byte[] payload) {
    heard();
    if (lastSeq >= 0 && seq < lastSeq) {
      // The engine restarted and numbers from 0 again: what we knew of it is gone.
      counters.gaps.incrementAndGet();
      restart();
      if (seq > lastSeq) {
        apply(seq, payload);
      }
      return;
    }
    if (seq <= lastSeq) {
      return; // already applied from a replay
    }
    if ((synced || lastSeq >= 0) && seq > lastSeq + 1) {
      counters.gaps.incrementAndGet();
      if (replayFrom(lastSeq + 1) >= 0 && seq <= lastSeq) {
        return;
      }
    }
    apply(seq, payload);
  }

  /**
   * Applies every buffered batch from {@code start} not applied yet.
   *
   * @return how many were applied, or -1 when the replay went unanswered
   */
  private int replayFrom(long start) {
    if (target.replay() == null) {
      return -1;
    }
    List<ReplayClient.Replayed> batches =
        ReplayClient.fetch(context, target.replay(), start, REPLAY_TIMEOUT_MILLIS);
    if (batches == null) {
      counters.replayTimeouts.incrementAndGet();
      return -1;
    }
    counters.replays.incrementAndGet();
    synced |= start == 0;
    heard();
    int applied = 0;
    for (ReplayClient.Replayed b : batches) {
      if (b.seq() > lastSeq) {
        apply(b.seq(), b.payload());
        applied++;
      }
    }
    return applied;
  }

  private void probeIfQuiet() {
    if (target.replay() == null || System.nanoTime() - lastHeardNanos < PROBE_NANOS) {
      return;
    }
    lastHeardNanos = System.nanoTime();
    int applied = replayFrom(lastSeq + 1);
    if (applied > 0) {
      counters.gaps.incrementAndGet(); // batches the SUB socket never delivered
    } else if (applied < 0 && live) {
      // The engine is gone (or lost its replay socket): its cache may be, too.
      index.cleared(target.cacheId());
      lastSeq = -1;
      synced = false;
      live = false;
      index.live(target.cacheId(), false);
    }
  }

  private void restart() {
    index.cleared(target.cacheId());
    lastSeq = -1;
    synced = false;
    replayFrom(0);
  }

  private void heard() {
    lastHeardNanos = System.nanoTime();
    if (!live) {
      live = true;
      index.live(target.cacheId(), true);
    }
  }

  private void apply(long seq, byte[] payload) {
    lastSeq = seq;
    KvEvent.Batch batch;
    try {
      batch = KvEventDecoder.decode(payload);
    } catch (KvEventDecoder.MalformedBatch e) {
      counters.decodeErrors.incrementAndGet();
      return;
    }
    String id = target.cacheId();
    for (KvEvent event : batch.events()) {
      switch (event) {
        case KvEvent.BlockStored s -> index.stored(id, s.blockHashes(), s.parentHash(),
            s.tokenIds(), s.blockSize(), s.loraName());
        case KvEvent.BlockRemoved r -> index.removed(id, r.blockHashes());
        case KvEvent.AllBlocksCleared c -> index.cleared(id);
      }
    }
    counters.batches.incrementAndGet();
    counters.events.addAndGet(batch.events().size());
    counters.lagMillis.set(Math.max(0, System.currentTimeMillis() - (long) (batch.ts() * 1000)));
  }
}
