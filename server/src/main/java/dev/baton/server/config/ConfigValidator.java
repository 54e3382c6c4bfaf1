package dev.baton.server.config;

import dev.baton.router.scheduling.ProfileScheduler;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.config.SchedulingConfigException;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;

/** The checks a schema cannot express: required keys, ranges, uniqueness, URL shape. */
final class ConfigValidator {

  private ConfigValidator() {}

  static void validate(BatonConfig config, String source) {
    ServerConfig server = config.server();
    check(server.port() >= 0 && server.port() <= 65535, source, "server.port", "must be 0..65535");
    check(server.maxBodyBytes() > 0, source, "server.maxBodyBytes", "must be positive");
    check(server.maxConnectionsPerWorker() > 0, source, "server.maxConnectionsPerWorker",
        "must be positive");
    TimeoutsConfig t = config.timeouts();
    check(!t.connect().isNegative() && !t.connect().isZero(), source, "timeouts.connect", "must be > 0");
    check(!t.firstByte().isNegative() && !t.firstByte().isZero(), source, "timeouts.firstByte",
        "must be > 0");
    check(!t.idle().isNegative() && !t.idle().isZero(), source, "timeouts.idle", "must be > 0");
    Set<String> poolNames = new HashSet<>();
    Set<String> models = new HashSet<>();
    for (int i = 0; i < config.pools().size(); i++) {
      PoolConfig pool = config.pools().get(i);
      String at = "pools[" + i + "]";
      check(pool.name() != null && !pool.name().isBlank(), source, at + ".name", "is required");
      check(poolNames.add(pool.name()), source, at + ".name", "duplicate pool " + pool.name());
      check(!pool.models().isEmpty(), source, at + ".models", "needs at least one model");
      for (String model : pool.models()) {
        check(models.add(model), source, at + ".models", "model " + model + " is in two pools");
      }
      DisaggregationConfig split = pool.disaggregation();
      check(split.uncachedTokenThreshold() >= 0, source, at + ".disaggregation.uncachedTokenThreshold",
          "must be >= 0");
      check(split.prefillRetries() >= 0, source, at + ".disaggregation.prefillRetries", "must be >= 0");
      Set<String> ids = new HashSet<>();
      for (int j = 0; j < pool.endpoints().size(); j++) {
        EndpointConfig e = pool.endpoints().get(j);
        String eat = at + ".endpoints[" + j + "]";
        check(e.url() != null, source, eat + ".url", "is required");
        URI uri = parseUrl(e.url(), source, eat + ".url");
        check(ids.add(e.id() == null ? uri.getHost() + ":" + uri.getPort() : e.id()), source, eat,
            "duplicate endpoint in pool " + pool.name());
      }
    }
    validateScheduling(config, source);
  }

  /** Compiles the scheduling section once, so dangling references and bad parameters fail the load. */
  private static void validateScheduling(BatonConfig config, String source) {
    try {
      ProfileScheduler.create(config.scheduling(), SchedulerState.create());
    } catch (SchedulingConfigException e) {
      throw new ConfigException(source + ": scheduling: " + String.join("; ", e.problems()), e);
    }
  }

  /** Parses an endpoint URL; the port may be omitted for the scheme's default. */
  static URI parseUrl(String url, String source, String at) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": " + at + ": not a URL: " + url);
    }
    check("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()), source, at,
        "must be an http:// or https:// URL");
    check(uri.getHost() != null, source, at, "needs a host");
    check(uri.getPath() == null || uri.getPath().isEmpty() || "/".equals(uri.getPath()), source, at,
        "must not have a path (Baton adds /v1/...)");
    return uri;
  }

  private static void check(boolean ok, String source, String at, String message) {
    if (!ok) {
      throw new ConfigException(source + ": " + at + ": " + message);
    }
  }
}
