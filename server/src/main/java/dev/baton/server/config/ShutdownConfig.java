package dev.baton.server.config;

import java.time.Duration;

/**
 * The YAML {@code shutdown} section: how Baton leaves on SIGTERM without cutting streams. Readiness
 * fails at once; Baton keeps serving for {@code drainDelay} (so a Service or gateway stops sending),
 * then stops accepting and lets streams in flight run for up to {@code timeout}; what is left then
 * ends with an SSE error event and {@code [DONE]}, and the process exits 0. Kubernetes'
 * {@code terminationGracePeriodSeconds} should exceed the two added up.
 *
 * @param drainDelay how long Baton keeps serving after SIGTERM with readiness failing (default 5s)
 * @param timeout how long streams in flight may still run once Baton stops accepting (default 25s)
 */
public record ShutdownConfig(Duration drainDelay, Duration timeout) {

  public static final ShutdownConfig DEFAULTS = new ShutdownConfig(null, null);

  public ShutdownConfig {
    drainDelay = drainDelay == null ? Duration.ofSeconds(5) : drainDelay;
    timeout = timeout == null ? Duration.ofSeconds(25) : timeout;
  }
}
