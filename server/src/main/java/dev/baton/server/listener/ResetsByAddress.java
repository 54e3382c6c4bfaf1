package dev.baton.server.listener;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP/2 stream resets counted per client address over a fixed window, over all of its
 * connections, so reconnecting does not start a rapid-reset client's count afresh. An address past
 * the limit stays blocked until its window ends. Entries of past windows are dropped as the map is
 * touched, so the map holds only addresses active in the current window (bounded to
 * {@link #MAX_ADDRESSES}; past that, new addresses are counted only on their own connection).
 */
final class ResetsByAddress {
  static final int MAX_ADDRESSES = 100_000;

  private final int limit;
  private final long windowNanos;
  private final ConcurrentHashMap<InetAddress, Window> windows = new ConcurrentHashMap<>();

  ResetsByAddress(int limit, Duration window) {
    this.limit = limit;
    this.windowNanos = window.toNanos();
  }

  /** Counts one reset; true when the address is now past its limit. */
  boolean record(InetAddress address) {
    long now = System.nanoTime();
    if (windows.size() >= MAX_ADDRESSES) {
      windows.values().removeIf(w -> now - w.start >= windowNanos);
      if (windows.size() >= MAX_ADDRESSES && !windows.containsKey(address)) {
        return false;
      }
    }
    Window w = windows.compute(address, (a, old) ->
        old == null || now - old.start >= windowNanos ? new Window(now, 1) : old.plusOne());
    return w.count > limit;
  }

  /** True while the address is past its limit in the current window. */
  boolean blocked(InetAddress address) {
    Window w = windows.get(address);
    return w != null && w.count > limit && System.nanoTime() - w.start < windowNanos;
  }

  private record Window(long start, int count) {
    Window plusOne() {
      return new Window(start, count + 1);
    }
  }
}
