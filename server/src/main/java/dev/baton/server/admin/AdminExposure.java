package dev.baton.server.admin;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether the admin listener is open to the network without a token: then anyone who can reach it
 * can drain workers, reload the config and read it. Said loudly at start, since the default host
 * is every interface and the default token is none.
 */
final class AdminExposure {

  private AdminExposure() {}

  /** The warning for {@code config}, or empty when it listens on loopback or asks for a token. */
  static Optional<String> warning(AdminConfig config) {
    if (config.token() != null || isLoopback(config.host())) {
      return Optional.empty();
    }
    return Optional.of("""
        *** The admin server listens on %s:%d WITHOUT A TOKEN: anyone who can reach it can drain \
        workers, reload and read the config. Set admin.token (e.g. ${BATON_ADMIN_TOKEN}) or \
        admin.host: 127.0.0.1. ***""".formatted(config.host(), config.port()));
  }

  /** By the literal only: resolving a name here would block, and only loopback names are safe. */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
        || h.startsWith("127.");
  }
}
