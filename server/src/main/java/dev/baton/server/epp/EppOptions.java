package dev.baton.server.epp;

import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode.BodySendMode;

/**
 * What {@code baton epp} takes besides the YAML configuration (whose pools, scheduling, admission,
 * limits and admin sections it reads as the proxy does).
 *
 * @param host the address the gRPC port listens on
 * @param port the gRPC port (ext_proc and health); 9002 is the Inference Extension's usual port, 0
 *     picks a free one
 * @param fallbacks endpoints named after the picked one in {@code x-gateway-destination-endpoint}
 * @param streams the body modes assumed when Envoy does not announce them, and the body limit
 */
public record EppOptions(String host, int port, int fallbacks, StreamSettings streams) {

  public static final int DEFAULT_PORT = 9002;

  public EppOptions {
    if (fallbacks < 0) {
      throw new IllegalArgumentException("fallbacks must be >= 0");
    }
  }

  /** Loopback on a free port with the defaults: for tests. */
  public static EppOptions loopback() {
    return new EppOptions("127.0.0.1", 0, 0, StreamSettings.DEFAULTS);
  }

  /** The same with other assumed body modes. */
  public EppOptions withModes(BodySendMode request, BodySendMode response, boolean earlyBody) {
    return new EppOptions(host, port, fallbacks, new StreamSettings(request, response, earlyBody,
        streams.maxBodyBytes()));
  }

  public EppOptions withFallbacks(int count) {
    return new EppOptions(host, port, count, streams);
  }
}
