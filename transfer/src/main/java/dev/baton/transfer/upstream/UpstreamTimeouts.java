package dev.baton.transfer.upstream;

import java.time.Duration;
import java.util.Objects;

/**
 * How long Baton waits on a worker. There is deliberately no total timeout: a long generation may
 * stream for minutes, and only silence (idle) is a sign of trouble.
 *
 * @param connect TCP connect timeout
 * @param firstByte from sending the request to receiving the response headers (covers queueing and
 *     prefill on the worker)
 * @param idle the longest silence allowed between two chunks of a response body
 */
public record UpstreamTimeouts(Duration connect, Duration firstByte, Duration idle) {

  public static final UpstreamTimeouts DEFAULTS =
      new UpstreamTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(30));

  public UpstreamTimeouts {
    Objects.requireNonNull(connect, "connect");
    Objects.requireNonNull(firstByte, "firstByte");
    Objects.requireNonNull(idle, "idle");
  }
}
