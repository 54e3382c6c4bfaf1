package dev.baton.server.testing;

import dev.baton.router.endpoint.Role;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.DisaggregationConfig;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.config.ServerConfig;
import dev.baton.transfer.upstream.UpstreamTimeouts;
import dev.baton.transfer.handoff.PrefillFailurePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Configurations for tests: Baton on a free port in front of the given worker URLs. */
public final class TestConfigs {

  public static final String MODEL = "test-model";

  private TestConfigs() {}

  public static BatonConfig aggregated(String... urls) {
    return aggregated(UpstreamTimeouts.DEFAULTS, urls);
  }

  public static BatonConfig aggregated(UpstreamTimeouts timeouts, String... urls) {
    List<EndpointConfig> endpoints = new ArrayList<>();
    for (String url : urls) {
      endpoints.add(new EndpointConfig(url, Role.BOTH, null, null));
    }
    return new BatonConfig(
        new ServerConfig("127.0.0.1", 0, 64L * 1024, null),
        timeouts,
        List.of(new PoolConfig("pool", List.of(MODEL), "none", null, endpoints)),
        null, null, null);
  }

  /** A split pool: prefill workers, then decode workers, always disaggregated. */
  public static BatonConfig split(String dialect, int retries, PrefillFailurePolicy onFailure,
      UpstreamTimeouts timeouts, List<String> prefill, List<String> decode) {
    List<EndpointConfig> endpoints = new ArrayList<>();
    prefill.forEach(u -> endpoints.add(new EndpointConfig(u, Role.PREFILL, null, null)));
    decode.forEach(u -> endpoints.add(new EndpointConfig(u, Role.DECODE, null, null)));
    return new BatonConfig(
        new ServerConfig("127.0.0.1", 0, 1024L * 1024, null),
        timeouts,
        List.of(new PoolConfig("pd", List.of(MODEL), dialect,
            new DisaggregationConfig(true, 0, retries, onFailure), endpoints)),
        null, null, null);
  }

  /**
   * One NIXL split pool serving {@code model} with one prefill and one decode worker, always
   * disaggregated, no prefill retries; {@code maxConnectionsPerWorker} null for the default.
   */
  public static BatonConfig nixlPair(String model, Integer maxConnectionsPerWorker, String prefillUrl,
      String decodeUrl) {
    return new BatonConfig(
        new ServerConfig("127.0.0.1", 0, null, maxConnectionsPerWorker),
        UpstreamTimeouts.DEFAULTS,
        List.of(new PoolConfig("pd", List.of(model), "nixl",
            new DisaggregationConfig(true, 0, 0, null),
            List.of(new EndpointConfig(prefillUrl, Role.PREFILL, null, null),
                new EndpointConfig(decodeUrl, Role.DECODE, null, null)))),
        null, null, null);
  }

  /**
   * YAML for Baton on free loopback ports (front door and admin) with one pool {@code p} serving
   * model {@code m} on one worker; {@code poolExtras} are more keys of that pool (indented four
   * spaces), {@code sections} more top-level sections.
   */
  public static String onePoolYaml(String workerUrl, String poolExtras, String sections) {
    return onePoolPreamble() + """
            endpoints: [{url: "%s", role: both}]
        %s
        %s
        """.formatted(workerUrl, poolExtras, sections);
  }

  /**
   * YAML for Baton on free loopback ports with one pool {@code p} serving model {@code m} whose
   * endpoints come from {@code endpointSource} (a flow mapping, or a block starting on a new line
   * indented six spaces); the source's keys sit on line 6.
   */
  public static String sourcedPoolYaml(String endpointSource) {
    return onePoolPreamble() + "    endpointSource: " + endpointSource + "\n";
  }

  private static String onePoolPreamble() {
    return """
        server: {host: 127.0.0.1, port: 0}
        admin: {host: 127.0.0.1, port: 0}
        pools:
          - name: p
            models: [m]
        """;
  }

  public static UpstreamTimeouts timeouts(long connectMs, long firstByteMs, long idleMs) {
    return new UpstreamTimeouts(Duration.ofMillis(connectMs), Duration.ofMillis(firstByteMs),
        Duration.ofMillis(idleMs));
  }
}
