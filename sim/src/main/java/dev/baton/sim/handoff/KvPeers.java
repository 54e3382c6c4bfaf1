package dev.baton.sim.handoff;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The KV side channels a decode worker may dial. A handle names its prefill worker's host and port,
 * and those come from a request body, so they are only dialled when they belong to a simulated worker
 * of this process or to a peer the operator listed ({@code kvPeers}); anything else falls back to a
 * local prefill, as a malformed handle does.
 */
public final class KvPeers {

  private static final Set<String> LOCAL = ConcurrentHashMap.newKeySet();

  private KvPeers() {}

  static void registerLocal(String host, int port) {
    LOCAL.add(key(host, port));
  }

  static void unregisterLocal(String host, int port) {
    LOCAL.remove(key(host, port));
  }

  static boolean allowed(String host, int port, java.util.List<String> configured) {
    String key = key(host, port);
    return LOCAL.contains(key) || configured.contains(key);
  }

  private static String key(String host, int port) {
    return host + ":" + port;
  }
}
