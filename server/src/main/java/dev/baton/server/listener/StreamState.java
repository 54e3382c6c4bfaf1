package dev.baton.server.listener;

import dev.baton.server.config.ClientTimeoutsConfig;
import io.netty.handler.codec.http2.Http2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Stream;

/** What the HTTP/2 guard knows of one client stream; touched only on its event loop. */
final class StreamState {
  private final long openedNanos;
  /** Over the listener's stream limit: refused before anything above Netty sees it. */
  boolean refused;
  private long stalledSince = -1;
  private int stalledWindow;

  StreamState(long openedNanos) {
    this.openedNanos = openedNanos;
  }

  /**
   * True when the stream is past a deadline: its request is still incomplete after {@code body},
   * or its response could not be written and its window did not move for {@code writeStall}.
   */
  boolean due(Http2Stream stream, long now, ClientTimeoutsConfig timeouts,
      Http2RemoteFlowController flow) {
    Http2Stream.State st = stream.state();
    boolean requestOpen = st == Http2Stream.State.OPEN || st == Http2Stream.State.HALF_CLOSED_LOCAL;
    if (requestOpen && now - openedNanos > timeouts.body().toNanos()) {
      return true;
    }
    boolean responseOpen =
        st == Http2Stream.State.OPEN || st == Http2Stream.State.HALF_CLOSED_REMOTE;
    if (!responseOpen || flow.isWritable(stream)) {
      stalledSince = -1;
      return false;
    }
    // Progress is the window moving: Baton wrote into it, or the client granted more.
    int window = flow.windowSize(stream);
    if (stalledSince < 0 || window != stalledWindow) {
      stalledSince = now;
      stalledWindow = window;
      return false;
    }
    return now - stalledSince > timeouts.writeStall().toNanos();
  }
}
