package dev.baton.server.listener;

import dev.baton.server.config.ClientTimeoutsConfig;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One periodic tick on a connection's event loop that enforces its deadlines: the protocol's own
 * (per request or stream), the idle timeout while no request is in progress, and the write stall
 * of the whole connection (the socket accepts nothing and nothing got flushed for
 * {@code writeStall}: the client stopped reading). One timer per connection, not one per request.
 */
final class ConnectionDeadlines {
  private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final long MAX_TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** The protocol's part of a tick. */
  interface Sweep {
    void run(long now, ClientTimeoutsConfig timeouts);
  }

  private static final System.Logger LOG = System.getLogger(ConnectionDeadlines.class.getName());

  private final Channel channel;
  private final ClientTimeoutsConfig timeouts;
  private final Sweep sweep;
  private long idleSince = System.nanoTime();
  private long stalledSince = -1;
  private long stalledBytes;
  private ScheduledFuture<?> tick;

  ConnectionDeadlines(Channel channel, ClientTimeoutsConfig timeouts, Sweep sweep) {
    this.channel = channel;
    this.timeouts = timeouts;
    this.sweep = sweep;
  }

  void start() {
    // A quarter of the shortest timeout, so a deadline is enforced within 25% of its value.
    long shortest = Math.min(Math.min(timeouts.header().toNanos(), timeouts.body().toNanos()),
        Math.min(timeouts.idle().toNanos(), timeouts.writeStall().toNanos()));
    long period = Math.max(MIN_TICK_NANOS, Math.min(MAX_TICK_NANOS, shortest / 4));
    tick = channel.eventLoop().scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
    channel.closeFuture().addListener(f -> tick.cancel(false));
  }

  /** Whether the connection has no request in progress now (the idle timeout runs meanwhile). */
  void idle(boolean idle) {
    if (!idle) {
      idleSince = -1;
    } else if (idleSince < 0) {
      idleSince = System.nanoTime();
    }
  }

  private void tick() {
    if (!channel.isActive()) {
      return;
    }
    long now = System.nanoTime();
    try {
      sweep.run(now, timeouts);
    } catch (RuntimeException e) {
      // A failing sweep must not stop the tick (a periodic task that throws is never run again).
      LOG.log(System.Logger.Level.WARNING, "client deadline sweep failed", e);
    }
    if (idleSince >= 0 && now - idleSince > timeouts.idle().toNanos()) {
      cut();
      return;
    }
    if (channel.isWritable()) {
      stalledSince = -1;
      return;
    }
    long pending = channel.bytesBeforeWritable();
    if (stalledSince < 0 || pending != stalledBytes) {
      stalledSince = now;
      stalledBytes = pending;
    } else if (now - stalledSince > timeouts.writeStall().toNanos()) {
      cut();
    }
  }

  /**
   * Closes the connection at once. A close through the whole pipeline lets Vert.x queue it behind
   * the writes still pending, which a client that reads nothing never lets through; closed from the
   * first handler it goes straight to the socket, and Vert.x still hears the connection ended.
   */
  void cut() {
    channel.pipeline().firstContext().close();
  }
}
