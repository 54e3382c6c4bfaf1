package dev.baton.server.http;

import dev.baton.transfer.error.OpenAiError;
import dev.baton.transfer.relay.Downstream;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code /v1/*} requests the front door is answering now, so a shutdown that runs out of time
 * can end each one properly: a stream being relayed gets an error event and {@code [DONE]}, anything
 * else has its connection (or HTTP/2 stream) reset. An entry leaves when its response ends or its
 * connection closes.
 *
 * <p>Each event loop keeps its own requests in a plain list that only it touches: a request enters
 * and leaves on its own loop, so the loops never write a shared structure per request. Whoever reads
 * across loops asks each loop ({@link #interruptAll}) or adds up the counts each loop publishes
 * ({@link #size}).
 */
public final class InFlightExchanges {
  private static final String KEY = InFlightExchanges.class.getName();

  private final List<LoopExchanges> loops = new CopyOnWriteArrayList<>();
  private final ThreadLocal<LoopExchanges> mine = ThreadLocal.withInitial(() -> {
    LoopExchanges created = new LoopExchanges(Thread.currentThread(), Vertx.currentContext());
    loops.add(created);
    return created;
  });

  /**
   * One request: its routing context, the event loop it runs on, and its client side once known. It
   * is its own end handler (no lambda per request), and a link of its loop's list.
   */
  private static final class Entry implements Handler<AsyncResult<Void>> {
    private final RoutingContext ctx;
    private final Context loop;
    private final LoopExchanges owner;
    private volatile Downstream down;
    /** Neighbours in the owner's list; only the owner's thread touches them. */
    private Entry previous;
    private Entry next;

    Entry(RoutingContext ctx, Context loop, LoopExchanges owner) {
      this.ctx = ctx;
      this.loop = loop;
      this.owner = owner;
    }

    /** The response ended or its connection closed: the request leaves. */
    @Override
    public void handle(AsyncResult<Void> ended) {
      owner.remove(this);
    }
  }

  /**
   * One thread's requests, written by that thread alone; its count published for other readers.
   * A doubly linked list through the entries: adding and removing is a few pointer writes, where a
   * HashSet hashed each entry and allocated a node (issue 18: a HashMap.remove cost 0.5% of an
   * event loop's time under load).
   */
  private static final class LoopExchanges {
    private final Thread owner;
    private final Context context;
    private Entry head;
    private int size;
    private final AtomicInteger count = new AtomicInteger();

    LoopExchanges(Thread owner, Context context) {
      this.owner = owner;
      this.context = context;
    }

    void add(Entry entry) {
      entry.next = head;
      if (head != null) {
        head.previous = entry;
      }
      head = entry;
      count.lazySet(++size);
    }

    void remove(Entry entry) {
      if (Thread.currentThread() != owner) {
        // Not expected (a request's handlers run on its loop), but the list is the owner's alone.
        context.runOnContext(v -> remove(entry));
        return;
      }
      if (entry.previous == null && head != entry) {
        return; // Already removed: end handlers may run more than once.
      }
      if (entry.previous != null) {
        entry.previous.next = entry.next;
      } else {
        head = entry.next;
      }
      if (entry.next != null) {
        entry.next.previous = entry.previous;
      }
      entry.previous = null;
      entry.next = null;
      count.lazySet(--size);
    }

    /** A copy of the requests now in flight (the list changes as they end). */
    List<Entry> entries() {
      List<Entry> copy = new ArrayList<>(size);
      for (Entry e = head; e != null; e = e.next) {
        copy.add(e);
      }
      return copy;
    }
  }

  /**
   * Counts the request in until its response is over, then hands it to {@code next} within the same
   * step of the router's walk (each step costs every request).
   */
  Handler<RoutingContext> then(Handler<RoutingContext> next) {
    return ctx -> {
      track(ctx);
      next.handle(ctx);
    };
  }

  private void track(RoutingContext ctx) {
    LoopExchanges loop = mine.get();
    Entry entry = new Entry(ctx, Vertx.currentContext(), loop);
    loop.add(entry);
    ctx.put(KEY, entry);
    ctx.addEndHandler(entry);
  }

  /** Records the exchange's client side, through which a relayed stream can be ended properly. */
  static void attach(RoutingContext ctx, Downstream down) {
    Entry entry = ctx.get(KEY);
    if (entry != null) {
      entry.down = down;
    }
  }

  /** How many requests are being answered. */
  public int size() {
    int total = 0;
    for (LoopExchanges loop : loops) {
      total += loop.count.get();
    }
    return total;
  }

  /** Ends every request still in flight, each on its own event loop, with {@code reason}. */
  public void interruptAll(OpenAiError reason) {
    for (LoopExchanges loop : loops) {
      // The list is read on its own loop; a copy, as interrupting ends requests, which leave it.
      loop.context.runOnContext(v -> {
        for (Entry entry : loop.entries()) {
          entry.loop.runOnContext(w -> interrupt(entry, reason));
        }
      });
    }
  }

  private static void interrupt(Entry entry, OpenAiError reason) {
    Downstream down = entry.down;
    if ((down == null || !down.interrupt(reason)) && !entry.ctx.response().ended()) {
      // Nothing relays yet (or the answer is plain JSON): a reset tells the client it is cut.
      entry.ctx.response().reset();
    }
  }
}
