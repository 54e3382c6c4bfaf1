package dev.baton.server.config;

/**
 * A pool's {@code kvEvents}: subscribe to every endpoint's vLLM KV-cache events ({@code
 * --kv-events-config}), so routing knows what each engine holds ({@code precise-prefix-cache}).
 * Absent: no subscription, prefixes are matched by the approximate index only.
 *
 * @param port the engines' PUB port on each endpoint's host (vLLM's default 5557; with data
 *     parallelism rank r publishes on port + r)
 * @param replayPort the engines' replay ROUTER port ({@code replay_endpoint}); absent: no replay,
 *     so a lost message is only healed by the blocks' next events
 * @param topic the subscription prefix (vLLM's {@code topic}; default "", every topic)
 */
public record KvEventsConfig(Integer port, Integer replayPort, String topic) {
  public static final int DEFAULT_PORT = 5557;

  public KvEventsConfig {
    port = port == null ? DEFAULT_PORT : port;
    topic = topic == null ? "" : topic;
  }
}
