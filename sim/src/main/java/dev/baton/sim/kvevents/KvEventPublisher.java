package dev.baton.sim.kvevents;

import dev.baton.sim.engine.BlockPoolEvents;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Publishes a worker's block-pool changes as vLLM does: a ZMQ PUB socket sends {@code [topic, seq,
 * payload]} per batch, and a ROUTER socket replays buffered batches from a requested sequence
 * number. The event loop only queues events; one thread of its own owns both sockets, batches what
 * queued since its last pass (about one engine step) and answers replays.
 */
public final class KvEventPublisher implements BlockPoolEvents {
  private static final long POLL_MS = 2;

  private record Batch(long seq, byte[] payload) {}

  private final KvEventSettings settings;
  private final String host;
  private final KvEventEncoder encoder;
  private final ConcurrentLinkedQueue<PoolEvent> pending = new ConcurrentLinkedQueue<>();
  private final ArrayDeque<Batch> buffer = new ArrayDeque<>();
  private final CompletableFuture<int[]> bound = new CompletableFuture<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final AtomicInteger unsent = new AtomicInteger();
  /** Events queued and events in a published batch; equal when nothing waits. */
  private final AtomicLong queued = new AtomicLong();
  private final AtomicLong encoded = new AtomicLong();
  private volatile boolean running = true;
  private volatile long nextSeq;

  private final int dataParallelRank;

  private KvEventPublisher(KvEventSettings settings, String host, int dataParallelRank) {
    this.settings = settings;
    this.host = host;
    this.dataParallelRank = dataParallelRank;
    this.encoder = new KvEventEncoder(settings.encoding(), settings.hashes());
  }

  /** Binds both sockets on {@code host} from a thread of its own; completes with the publisher. */
  public static CompletableFuture<KvEventPublisher> start(KvEventSettings settings, String host) {
    return start(settings, host, 0);
  }

  /**
   * The publisher of one data-parallel rank: its batches carry the rank, as vLLM's do (the caller
   * offsets the ports by the rank, as vLLM does).
   */
  public static CompletableFuture<KvEventPublisher> start(KvEventSettings settings, String host,
      int dataParallelRank) {
    KvEventPublisher publisher = new KvEventPublisher(settings, host, dataParallelRank);
    Thread thread = new Thread(publisher::run, "sim-kv-events");
    thread.setDaemon(true);
    thread.start();
    return publisher.bound.thenApply(ports -> publisher);
  }

  /** The PUB socket's port. */
  public int port() {
    return bound.join()[0];
  }

  /** The replay ROUTER socket's port. */
  public int replayPort() {
    return bound.join()[1];
  }

  /**
   * Buffers the next {@code batches} batches for replay without sending them (a lost message), so a
   * subscriber sees a gap in the sequence numbers. For tests.
   */
  public void loseNext(int batches) {
    unsent.set(batches);
  }

  /**
   * Batches published so far (lost ones included), or -1 while events wait to be published: a
   * test waits for a subscriber to have applied exactly this many.
   */
  public long batches() {
    long published = nextSeq;
    return queued.get() == encoded.get() ? published : -1;
  }

  /** Stops the thread and closes the sockets; completes when they are closed. */
  public CompletableFuture<Void> close() {
    running = false;
    return closed;
  }

  @Override
  public void stored(long[] hashes, Long parentHash, int[] tokens, int blockSize, String scope) {
    queued.incrementAndGet();
    pending.add(new PoolEvent.Stored(hashes, parentHash, tokens, blockSize, scope));
  }

  @Override
  public void removed(long hash) {
    queued.incrementAndGet();
    pending.add(new PoolEvent.Removed(hash));
  }

  @Override
  public void cleared() {
    queued.incrementAndGet();
    pending.add(new PoolEvent.Cleared());
  }

  private void run() {
    try (ZContext context = new ZContext(1)) {
      ZMQ.Socket pub = context.createSocket(SocketType.PUB);
      ZMQ.Socket replay = context.createSocket(SocketType.ROUTER);
      pub.setLinger(0);
      replay.setLinger(0);
      try {
        bound.complete(new int[] {bind(pub, settings.port()), bind(replay, settings.replayPort())});
      } catch (RuntimeException e) {
        bound.completeExceptionally(e);
        return;
      }
      ZMQ.Poller poller = context.createPoller(1);
      poller.register(replay, ZMQ.Poller.POLLIN);
      while (running) {
        poller.poll(POLL_MS);
        if (poller.pollin(0)) {
          answerReplays(replay);
        }
        publishPending(pub);
      }
      poller.close();
    } finally {
      bound.completeExceptionally(new IllegalStateException("publisher stopped"));
      closed.complete(null);
    }
  }

  private int bind(ZMQ.Socket socket, int port) {
    if (port == 0) {
      return socket.bindToRandomPort("tcp://" + host);
    }
    try {
      socket.bind("tcp://" + host + ":" + port);
    } catch (ZMQException e) {
      // ZeroMQ's message names the errno only; the operator needs the port that is taken.
      throw new IllegalStateException("cannot bind KV events on " + host + ":" + port + ": "
          + e.getMessage(), e);
    }
    return port;
  }

  private void publishPending(ZMQ.Socket pub) {
    List<PoolEvent> events = new ArrayList<>();
    for (PoolEvent e = pending.poll(); e != null; e = pending.poll()) {
      events.add(e);
    }
    if (events.isEmpty()) {
      return;
    }
    Batch batch = new Batch(nextSeq++,
        encoder.batch(System.currentTimeMillis() / 1000.0, events, dataParallelRank));
    buffer.addLast(batch);
    if (buffer.size() > settings.bufferSteps()) {
      buffer.removeFirst();
    }
    encoded.addAndGet(events.size());
    if (unsent.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return;
    }
    pub.sendMore(settings.topic().getBytes(StandardCharsets.UTF_8));
    pub.sendMore(seqBytes(batch.seq()));
    pub.send(batch.payload());
  }

  /** Each request is {@code [identity, empty, start_seq]}; answers every buffered batch from there. */
  private void answerReplays(ZMQ.Socket replay) {
    byte[] identity;
    while ((identity = replay.recv(ZMQ.DONTWAIT)) != null) {
      List<byte[]> frames = new ArrayList<>();
      while (replay.hasReceiveMore()) {
        frames.add(replay.recv());
      }
      if (frames.size() < 2 || frames.get(1).length != 8) {
        continue;
      }
      long start = ByteBuffer.wrap(frames.get(1)).getLong();
      for (Batch b : buffer) {
        if (b.seq() >= start) {
          sendReplay(replay, identity, b.seq(), b.payload());
        }
      }
      sendReplay(replay, identity, -1, new byte[0]);
    }
  }

  private void sendReplay(ZMQ.Socket replay, byte[] identity, long seq, byte[] payload) {
    replay.sendMore(identity);
    replay.sendMore(new byte[0]);
    // vLLM 0.26 added the topic frame to replies; older ones send [empty, seq, payload].
    if (settings.encoding() == KvEventSettings.Encoding.MAPS) {
      replay.sendMore(settings.topic().getBytes(StandardCharsets.UTF_8));
    }
    replay.sendMore(seqBytes(seq));
    replay.send(payload);
  }

  private static byte[] seqBytes(long seq) {
    return ByteBuffer.allocate(8).putLong(seq).array();
  }
}
