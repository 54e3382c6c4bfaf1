package dev.baton.server.http;

import dev.baton.transfer.error.OpenAiError;
import dev.baton.transfer.relay.Downstream;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code /v1/*} requests the front door is answering now, so a shutdown that runs out of time
 * can end each one properly: a stream being relayed gets an error event and {@code [DONE]}, anything
 * else has its connection (or HTTP/2 stream) reset. An entry leaves when its response ends or its
 * connection closes.
 */
public final class InFlightExchanges {
  private static final String KEY = InFlightExchanges.class.getName();

  private final Set<Entry> entries = ConcurrentHashMap.newKeySet();

  /** One request: its routing context, the event loop it runs on, and its client side once known. */
  private static final class Entry {
    private final RoutingContext ctx;
    private final Context loop;
    private volatile Downstream down;

    Entry(RoutingContext ctx, Context loop) {
      this.ctx = ctx;
      this.loop = loop;
    }
  }

  /** Route handler for {@code /v1/*}: counts the request in until its response is over. */
  void enter(RoutingContext ctx) {
    Entry entry = new Entry(ctx, Vertx.currentContext());
    entries.add(entry);
    ctx.put(KEY, entry);
    ctx.addEndHandler(ar -> entries.remove(entry));
    ctx.next();
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
    return entries.size();
  }

  /** Ends every request still in flight, each on its own event loop, with {@code reason}. */
  public void interruptAll(OpenAiError reason) {
    for (Entry entry : entries) {
      entry.loop.runOnContext(v -> {
        Downstream down = entry.down;
        if ((down == null || !down.interrupt(reason)) && !entry.ctx.response().ended()) {
          // Nothing relays yet (or the answer is plain JSON): a reset tells the client it is cut.
          entry.ctx.response().reset();
        }
      });
    }
  }
}
