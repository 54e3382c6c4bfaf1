package dev.baton.server.config;

import java.time.Duration;

/**
 * The YAML {@code server.clientTimeouts} section: how long Baton waits on a client, on the front
 * door and the admin listener alike. A client that misses one is cut (HTTP/1.1: the connection is
 * closed; HTTP/2: the stream is reset, or the connection closed when the whole connection stalls).
 *
 * @param header time to receive a complete request head once its first byte arrived, and for a
 *     new connection to send one at all (default 10s)
 * @param body time from a request's head to the last byte of its body (default 60s)
 * @param idle how long a connection with no request in progress stays open (default 120s)
 * @param writeStall how long a response may make no progress because the client reads nothing
 *     (zero window, full socket) before the exchange is ended and its admission slot released
 *     (default 30s)
 */
public record ClientTimeoutsConfig(
    Duration header, Duration body, Duration idle, Duration writeStall) {

  public static final ClientTimeoutsConfig DEFAULTS = new ClientTimeoutsConfig(null, null, null, null);

  public ClientTimeoutsConfig {
    header = header == null ? Duration.ofSeconds(10) : header;
    body = body == null ? Duration.ofSeconds(60) : body;
    idle = idle == null ? Duration.ofSeconds(120) : idle;
    writeStall = writeStall == null ? Duration.ofSeconds(30) : writeStall;
  }
}
