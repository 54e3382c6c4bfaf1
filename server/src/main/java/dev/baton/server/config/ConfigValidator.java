package dev.baton.server.config;

import dev.baton.router.endpoint.Role;
import dev.baton.router.latency.LatencyModels;
import dev.baton.router.scheduling.ProfileScheduler;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.config.SchedulingConfigException;
import dev.baton.server.capture.TraceConfig;
import dev.baton.server.discovery.EndpointSourceTypes;
import dev.baton.transfer.handoff.Dialects;
import dev.baton.transfer.handoff.P2pNcclDialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks a schema cannot express: required keys, ranges, uniqueness, URL shape, and whether the
 * scheduling section compiles. Collects every problem rather than stopping at the first.
 */
final class ConfigValidator {
  /** More data-parallel ranks behind one URL than any engine runs: surely a typo. */
  private static final int MAX_RANKS = 1024;

  private static final java.util.regex.Pattern PLAIN_V1_PATH =
      java.util.regex.Pattern.compile("/v1(/(?!\\.{1,2}(/|$))[A-Za-z0-9._~-]+)+");
  private static final Set<String> OWN_ROUTES =
      Set.of("/v1/chat/completions", "/v1/completions", "/v1/models");

  private final List<ConfigProblem> problems = new ArrayList<>();

  private ConfigValidator() {}

  /** Every problem found in a bound configuration, in key order; empty when it is usable. */
  static List<ConfigProblem> validate(BatonConfig config) {
    ConfigValidator v = new ConfigValidator();
    v.server(config);
    v.pools(config);
    v.scheduling(config);
    v.hardware(config);
    v.shutdown(config.shutdown());
    java.util.Optional.ofNullable(config.trace()).flatMap(TraceConfig::pathProblem)
        .ifPresent(why -> v.check(false, "trace.path", why));
    return v.problems;
  }

  private void server(BatonConfig config) {
    ServerConfig server = config.server();
    check(server.port() >= 0 && server.port() <= 65535, "server.port", "must be 0..65535");
    check(server.maxBodyBytes() > 0, "server.maxBodyBytes", "must be positive");
    check(server.maxConnectionsPerWorker() > 0, "server.maxConnectionsPerWorker", "must be positive");
    check(server.connections() > 0, "server.connections", "must be positive");
    check(server.maxBufferedBodyBytes() >= server.maxBodyBytes(), "server.maxBufferedBodyBytes",
        "must be at least server.maxBodyBytes");
    ClientTimeoutsConfig c = server.clientTimeouts();
    check(positive(c.header()), "server.clientTimeouts.header", "must be > 0");
    check(positive(c.body()), "server.clientTimeouts.body", "must be > 0");
    check(positive(c.idle()), "server.clientTimeouts.idle", "must be > 0");
    check(positive(c.writeStall()), "server.clientTimeouts.writeStall", "must be > 0");
    Http2Config h2 = server.http2();
    check(h2.maxConcurrentStreams() > 0, "server.http2.maxConcurrentStreams", "must be positive");
    check(h2.maxStreams() >= h2.maxConcurrentStreams(), "server.http2.maxStreams",
        "must be at least server.http2.maxConcurrentStreams");
    check(h2.maxResetsPerAddress() > 0, "server.http2.maxResetsPerAddress", "must be positive");
    check(positive(h2.resetWindow()), "server.http2.resetWindow", "must be > 0");
    check(config.admin().port() != config.server().port() || config.server().port() == 0,
        "admin.port", "must differ from server.port");
    passthroughRoutes(server);
    for (int i = 0; i < config.auth().keys().size(); i++) {
      String granted = config.auth().keys().get(i).maxPriority();
      check(granted == null || config.admission().priorities().contains(granted),
          "auth.keys[" + i + "].maxPriority",
          "must be one of admission.priorities " + config.admission().priorities());
    }
  }

  /**
   * Plain {@code /v1/...} paths, or vLLM's model routes outside {@code /v1}, that Baton's own routes
   * do not already serve.
   */
  private void passthroughRoutes(ServerConfig server) {
    for (int i = 0; i < server.passthroughRoutes().size(); i++) {
      String route = server.passthroughRoutes().get(i);
      String at = "server.passthroughRoutes[" + i + "]";
      if (check(route != null && (PLAIN_V1_PATH.matcher(route).matches()
              || ServerConfig.ROOT_MODEL_ROUTES.contains(route)), at,
          "must be a plain path under /v1/ (letters, digits, - _ ~ and . in segments, no escapes)"
              + " or one of " + ServerConfig.ROOT_MODEL_ROUTES)) {
        check(!OWN_ROUTES.contains(route), at, route + " is served by Baton itself");
      }
    }
  }

  /** Zero is allowed for both (leave at once, or end every stream at once); negative is not. */
  private void shutdown(ShutdownConfig shutdown) {
    check(!shutdown.drainDelay().isNegative(), "shutdown.drainDelay", "must be >= 0");
    check(!shutdown.timeout().isNegative(), "shutdown.timeout", "must be >= 0");
  }

  private static boolean positive(Duration d) {
    return d != null && d.isPositive();
  }

  private void pools(BatonConfig config) {
    Set<String> poolNames = new HashSet<>();
    Set<String> models = new HashSet<>();
    for (int i = 0; i < config.pools().size(); i++) {
      PoolConfig pool = config.pools().get(i);
      String at = "pools[" + i + "]";
      if (check(pool.name() != null && !pool.name().isBlank(), at + ".name", "is required")) {
        check(poolNames.add(pool.name()), at + ".name", "duplicate pool " + pool.name());
      }
      check(!pool.models().isEmpty(), at + ".models", "needs at least one model");
      check(Dialects.find(pool.dialect()).isPresent(), at + ".dialect", "expected one of "
          + String.join(", ", Dialects.names()) + ", got `" + pool.dialect() + "`");
      check(config.policies().containsKey(pool.policy()), at + ".policy", "unknown policy `"
          + pool.policy() + "` (known: " + String.join(", ", config.policies().keySet()) + ")");
      for (String model : pool.models()) {
        check(models.add(model), at + ".models", "model " + model + " is in two pools");
      }
      pool.aliases().forEach((alias, served) -> {
        check(models.add(alias), at + ".aliases." + alias,
            "alias " + alias + " is already a model name or alias");
        check(pool.models().contains(served), at + ".aliases." + alias,
            "must name one of this pool's models " + pool.models() + ", got `" + served + "`");
      });
      for (String adapter : pool.loraAdapters()) {
        check(pool.models().contains(adapter), at + ".loraAdapters",
            "adapter " + adapter + " must also be listed in models");
      }
      DisaggregationConfig split = pool.disaggregation();
      check(split.uncachedTokenThreshold() >= 0, at + ".disaggregation.uncachedTokenThreshold",
          "must be >= 0");
      check(split.prefillRetries() >= 0, at + ".disaggregation.prefillRetries", "must be >= 0");
      try {
        EndpointSourceTypes.check(pool.endpointSource());
      } catch (IllegalArgumentException bad) {
        problems.add(new ConfigProblem(at + ".endpointSource", bad.getMessage()));
      }
      check(pool.endpointSource().isStatic() || pool.endpoints().isEmpty(), at + ".endpoints",
          "a pool with endpoint source type " + pool.endpointSource().type() + " discovers its"
              + " endpoints; remove the list or use endpointSource type static");
      kvEvents(pool, at);
      Set<String> ids = new HashSet<>();
      for (int j = 0; j < pool.endpoints().size(); j++) {
        EndpointConfig e = pool.endpoints().get(j);
        String eat = at + ".endpoints[" + j + "]";
        if (!check(e.url() != null, eat + ".url", "is required")) {
          continue;
        }
        try {
          WorkerUrl.parse(e.url());
        } catch (IllegalArgumentException bad) {
          problems.add(new ConfigProblem(eat + ".url", bad.getMessage()));
          continue;
        }
        check(e.bootstrapPort() == null || (e.bootstrapPort() > 0 && e.bootstrapPort() <= 65535),
            eat + ".bootstrapPort", "must be between 1 and 65535");
        // The p2p-nccl request id names each instance's P2P address, which only it knows.
        check(!"p2p-nccl".equalsIgnoreCase(pool.dialect()) || e.role() == Role.BOTH
            || e.labels().containsKey(P2pNcclDialect.ZMQ_ADDRESS_LABEL), eat + ".labels",
            "dialect p2p-nccl needs the instance's P2P address as label "
                + P2pNcclDialect.ZMQ_ADDRESS_LABEL + " (ip:port), or endpointSource type p2p-nccl");
        check(ids.add(e.identity()), eat, "duplicate endpoint in pool " + pool.name()
            + " (same id, or same host and port: " + e.identity() + ")");
        if (check(e.ranks() >= 1 && e.ranks() <= MAX_RANKS, eat + ".dataParallelSize",
            "must be between 1 and " + MAX_RANKS)) {
          rankPorts(pool.kvEvents(), e.ranks(), eat + ".dataParallelSize");
        }
        zmqAddress(e.kvEvents(), eat + ".kvEvents");
        zmqAddress(e.kvReplay(), eat + ".kvReplay");
        check(pool.kvEvents() != null || e.kvEvents() == null && e.kvReplay() == null,
            eat + ".kvEvents", "needs the pool's kvEvents section (which turns subscriptions on)");
      }
    }
  }

  /** The pool's KV-event ports and tokenizer source. */
  private void kvEvents(PoolConfig pool, String at) {
    KvEventsConfig events = pool.kvEvents();
    if (events != null) {
      check(events.port() > 0 && events.port() <= 65535, at + ".kvEvents.port",
          "must be within [1, 65535]");
      check(events.replayPort() == null || events.replayPort() > 0 && events.replayPort() <= 65535,
          at + ".kvEvents.replayPort", "must be within [1, 65535]");
    }
    TokenizerConfig tokenizer = pool.tokenizer();
    if (tokenizer.source() == TokenizerConfig.Source.HUGGINGFACE) {
      tokenizerFile(tokenizer.path(), at + ".tokenizer.path");
    } else {
      check(tokenizer.path() == null, at + ".tokenizer.path", "only the huggingface source reads a file");
    }
  }

  /** A huggingface tokenizer needs its tokenizer.json (the file, or a directory holding it). */
  private void tokenizerFile(String path, String at) {
    if (path == null || path.isBlank()) {
      problems.add(new ConfigProblem(at, "the huggingface source needs the path of a tokenizer.json"));
      return;
    }
    Path file = Path.of(path);
    if (Files.isDirectory(file)) {
      file = file.resolve("tokenizer.json");
    }
    check(Files.isRegularFile(file) && Files.isReadable(file), at,
        "no readable tokenizer.json at " + file);
  }

  /**
   * Rank {@code i} publishes on the pool's event port + i and replays on its replay port + i (vLLM
   * offsets both by the rank): the two runs must fit below 65536 and must not overlap.
   */
  private void rankPorts(KvEventsConfig events, int ranks, String at) {
    if (events == null || ranks == 1) {
      return;
    }
    check(events.port() + ranks - 1 <= 65535, at,
        ranks + " ranks publish KV events on kvEvents.port + rank, beyond 65535");
    Integer replay = events.replayPort();
    check(replay == null || replay + ranks <= events.port() || events.port() + ranks <= replay, at,
        ranks + " ranks publish on kvEvents.port " + events.port() + " + rank and replay on"
            + " replayPort " + replay + " + rank: the two runs overlap; set the replay port at"
            + " least " + ranks + " away");
  }

  private void zmqAddress(String address, String at) {
    check(address == null || address.matches("tcp://[^\\s/]+:\\d{1,5}"), at,
        "must be a ZMQ address such as tcp://10.0.0.5:5557, got `" + address + "`");
  }

  /**
   * With hardware classes declared, an endpoint naming another class in its {@code hardware} label
   * is a typo that would silently price and predict it as the default class; and an SLO default for
   * a model no pool serves never applies.
   */
  private void hardware(BatonConfig config) {
    Set<String> declared = config.hardwareClasses().keySet();
    for (int i = 0; i < config.pools().size() && !declared.isEmpty(); i++) {
      List<EndpointConfig> endpoints = config.pools().get(i).endpoints();
      for (int j = 0; j < endpoints.size(); j++) {
        String hardware = endpoints.get(j).labels().get(LatencyModels.HARDWARE_LABEL);
        check(hardware == null || declared.contains(hardware),
            "pools[" + i + "].endpoints[" + j + "].labels.hardware", "class `" + hardware
                + "` is not declared in hardwareClasses (declared: " + String.join(", ", declared)
                + ")");
      }
    }
    Set<String> served = new HashSet<>();
    config.pools().forEach(p -> served.addAll(p.models()));
    config.slo().models().keySet().forEach(m ->
        check(served.contains(m), "slo.models." + m, "no pool serves model `" + m + "`"));
  }

  /**
   * Compiles the scheduling section, and each pool's own over it, once, so dangling references and
   * bad parameters fail the load; each problem points at the plugin or profile entry at fault.
   */
  private void scheduling(BatonConfig config) {
    try {
      ProfileScheduler.create(config.scheduling(), SchedulerState.create());
    } catch (SchedulingConfigException e) {
      e.located().forEach(p -> problems.add(new ConfigProblem(
          p.path().isEmpty() ? "scheduling" : "scheduling." + p.path(), p.message())));
    }
    for (int i = 0; i < config.pools().size(); i++) {
      PoolConfig pool = config.pools().get(i);
      if (pool.scheduling() == null) {
        continue;
      }
      String at = "pools[" + i + "]";
      PoolSchedulingConfig.Merged merged = pool.scheduling().over(config.scheduling(), at);
      try {
        ProfileScheduler.create(merged.config(), SchedulerState.create());
      } catch (SchedulingConfigException e) {
        // A problem of an inherited global entry is already reported above.
        e.located().stream()
            .map(p -> new ConfigProblem(merged.pathOf(p.path(), at + ".scheduling"),
                "pool " + pool.name() + ": " + p.message()))
            .filter(p -> !p.path().startsWith("scheduling"))
            .forEach(problems::add);
      }
    }
  }

  private boolean check(boolean ok, String at, String message) {
    if (!ok) {
      problems.add(new ConfigProblem(at, message));
    }
    return ok;
  }
}
