package dev.baton.server.config;

import java.time.Duration;

/**
 * The YAML {@code server.http2} section: what one listener lets HTTP/2 clients hold.
 *
 * @param maxConcurrentStreams open streams one connection may have (default 100). Enforced from the
 *     client's first frame, not only once it acknowledged Baton's SETTINGS; extra streams are
 *     refused
 * @param maxStreams open streams over all connections of the listener (default 10000); extra
 *     streams are refused
 * @param maxResetsPerAddress stream resets one client address may send within {@code resetWindow},
 *     over all its connections (default 1000); past it its connections are closed and new ones
 *     refused until the window has passed
 * @param resetWindow the window {@code maxResetsPerAddress} counts over (default 30s)
 */
public record Http2Config(
    Integer maxConcurrentStreams, Integer maxStreams, Integer maxResetsPerAddress,
    Duration resetWindow) {

  public static final Http2Config DEFAULTS = new Http2Config(null, null, null, null);

  public Http2Config {
    maxConcurrentStreams = maxConcurrentStreams == null ? 100 : maxConcurrentStreams;
    maxStreams = maxStreams == null ? 10_000 : maxStreams;
    maxResetsPerAddress = maxResetsPerAddress == null ? 1000 : maxResetsPerAddress;
    resetWindow = resetWindow == null ? Duration.ofSeconds(30) : resetWindow;
  }
}
