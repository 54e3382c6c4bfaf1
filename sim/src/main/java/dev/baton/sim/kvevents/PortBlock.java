package dev.baton.sim.kvevents;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * A run of consecutive free TCP ports: a data-parallel worker asked for free KV-event ports still
 * publishes rank {@code i} on the first port plus {@code i}, where a router looks for it.
 */
public final class PortBlock {
  private static final int ATTEMPTS = 50;

  private PortBlock() {}

  /** The first of {@code count} consecutive ports free on {@code host} right now. */
  public static int find(String host, int count) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      List<ServerSocket> held = new ArrayList<>();
      try {
        ServerSocket first = new ServerSocket(0, 1, InetAddress.getByName(host));
        held.add(first);
        int base = first.getLocalPort();
        if (base + count - 1 > 65535) {
          continue;
        }
        boolean free = true;
        for (int i = 1; i < count && free; i++) {
          try {
            held.add(new ServerSocket(base + i, 1, InetAddress.getByName(host)));
          } catch (IOException taken) {
            free = false;
          }
        }
        if (free) {
          return base;
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot probe ports on " + host + ": " + e.getMessage(), e);
      } finally {
        held.forEach(PortBlock::closeQuietly);
      }
    }
    throw new IllegalStateException("no " + count + " consecutive free ports on " + host);
  }

  private static void closeQuietly(ServerSocket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing a listening socket nobody connected to does not fail in practice.
    }
  }
}
