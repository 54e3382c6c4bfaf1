package dev.baton.server.config;

import dev.baton.transfer.upstream.UpstreamTimeouts;
import java.time.Duration;

/**
 * The YAML {@code timeouts} section: how long Baton waits on workers. Durations are strings such as
 * {@code 100ms}, {@code 2s}, {@code 1m} or ISO-8601 ({@code PT2S}). There is no total timeout, so
 * long streams are never cut; a stream silent for longer than {@code idle} is ended with an error.
 *
 * @param connect TCP connect timeout (default 2s)
 * @param firstByte time from sending a request to the worker's response headers (default 60s)
 * @param idle longest silence between two chunks of a worker's answer (default 30s)
 */
public record TimeoutsConfig(Duration connect, Duration firstByte, Duration idle) {

  public static final TimeoutsConfig DEFAULTS = new TimeoutsConfig(null, null, null);

  public TimeoutsConfig {
    connect = connect == null ? UpstreamTimeouts.DEFAULTS.connect() : connect;
    firstByte = firstByte == null ? UpstreamTimeouts.DEFAULTS.firstByte() : firstByte;
    idle = idle == null ? UpstreamTimeouts.DEFAULTS.idle() : idle;
  }

  public UpstreamTimeouts toUpstream() {
    return new UpstreamTimeouts(connect, firstByte, idle);
  }
}
