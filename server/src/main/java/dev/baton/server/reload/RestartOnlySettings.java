package dev.baton.server.reload;

import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ServerConfig;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings a reload cannot apply: sockets already bound at startup and the worker client's
 * connection pools (every {@code server} key), the failed-auth limiter and the admin listener.
 * A reload that changes them still applies everything else and says which keys wait for a restart.
 */
public final class RestartOnlySettings {

  private RestartOnlySettings() {}

  /** The key paths whose values differ between the running and the new configuration. */
  public static List<String> changed(BatonConfig running, BatonConfig next) {
    List<String> keys = new ArrayList<>();
    // Every server key is bound at startup: the listeners (host, port, TLS, HTTP/2, client limits
    // and timeouts, body limits, routes) and the worker client's connection pools.
    for (RecordComponent key : ServerConfig.class.getRecordComponents()) {
      differs(keys, "server." + key.getName(), read(key, running.server()),
          read(key, next.server()));
    }
    // Timeouts, retries and breakers (policies), admission, limits and client keys follow reloads.
    differs(keys, "auth.failuresPerMinute", running.auth().failuresPerMinute(),
        next.auth().failuresPerMinute());
    differs(keys, "admin.host", running.admin().host(), next.admin().host());
    differs(keys, "admin.port", running.admin().port(), next.admin().port());
    differs(keys, "admin.token", running.admin().token(), next.admin().token());
    return keys;
  }

  private static Object read(RecordComponent key, ServerConfig server) {
    try {
      return key.getAccessor().invoke(server);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read server." + key.getName(), e);
    }
  }

  private static void differs(List<String> keys, String key, Object before, Object after) {
    if (!Objects.equals(before, after)) {
      keys.add(key);
    }
  }
}
