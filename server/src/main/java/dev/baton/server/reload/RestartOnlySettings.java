package dev.baton.server.reload;

import dev.baton.server.config.BatonConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings a reload cannot apply: sockets already bound at startup and the worker client's
 * connection pools.
 * A reload that changes them still applies everything else and says which keys wait for a restart.
 */
final class RestartOnlySettings {

  private RestartOnlySettings() {}

  /** The key paths whose values differ between the running and the new configuration. */
  static List<String> changed(BatonConfig running, BatonConfig next) {
    List<String> keys = new ArrayList<>();
    differs(keys, "server.host", running.server().host(), next.server().host());
    differs(keys, "server.port", running.server().port(), next.server().port());
    differs(keys, "server.maxBodyBytes", running.server().maxBodyBytes(),
        next.server().maxBodyBytes());
    differs(keys, "server.maxConnectionsPerWorker", running.server().maxConnectionsPerWorker(),
        next.server().maxConnectionsPerWorker());
    differs(keys, "server.tls", running.server().tls(), next.server().tls());
    differs(keys, "server.passthroughRoutes", running.server().passthroughRoutes(),
        next.server().passthroughRoutes());
    // Client limits are set on the listeners when they start.
    differs(keys, "server.connections", running.server().connections(),
        next.server().connections());
    differs(keys, "server.clientTimeouts", running.server().clientTimeouts(),
        next.server().clientTimeouts());
    differs(keys, "server.http2", running.server().http2(), next.server().http2());
    differs(keys, "server.maxBufferedBodyBytes", running.server().maxBufferedBodyBytes(),
        next.server().maxBufferedBodyBytes());
    // Timeouts, retries and breakers (policies), admission, limits and client keys follow reloads.
    differs(keys, "auth.failuresPerMinute", running.auth().failuresPerMinute(),
        next.auth().failuresPerMinute());
    differs(keys, "admin.host", running.admin().host(), next.admin().host());
    differs(keys, "admin.port", running.admin().port(), next.admin().port());
    differs(keys, "admin.token", running.admin().token(), next.admin().token());
    return keys;
  }

  private static void differs(List<String> keys, String key, Object before, Object after) {
    if (!Objects.equals(before, after)) {
      keys.add(key);
    }
  }
}
