package dev.baton.server.config;

import java.util.List;

/**
 * The YAML {@code server} section.
 *
 * @param host address to listen on (default {@code 0.0.0.0})
 * @param port port to listen on (default 8000; 0 picks a free port)
 * @param maxBodyBytes largest request body accepted; larger ones get 413 (default 4 MiB)
 * @param maxConnectionsPerWorker HTTP connections Baton opens to one worker at most (default 512);
 *     each streaming request holds one
 * @param tls serve HTTPS with this certificate and key (default: plain HTTP)
 * @param passthroughRoutes the {@code POST /v1/*} routes besides chat and completions that Baton
 *     forwards to a worker serving the body's {@code model}, exact paths (default
 *     {@link #DEFAULT_PASSTHROUGH_ROUTES}); each passes auth, limits, rate limits and admission like
 *     chat. Any other {@code /v1/*} route gets 404. An empty list forwards none.
 */
public record ServerConfig(
    String host, Integer port, Long maxBodyBytes, Integer maxConnectionsPerWorker, TlsConfig tls,
    List<String> passthroughRoutes) {

  /**
   * vLLM's JSON routes under {@code /v1} that take a {@code model} and are safe to share: not its
   * LoRA load/unload admin routes, not the stateful Responses API, not multipart audio uploads
   * (Baton reads the model from a JSON body).
   */
  public static final List<String> DEFAULT_PASSTHROUGH_ROUTES =
      List.of("/v1/embeddings", "/v1/score", "/v1/rerank");

  public static final ServerConfig DEFAULTS = new ServerConfig(null, null, null, null);

  /** Plain HTTP. */
  public ServerConfig(String host, Integer port, Long maxBodyBytes, Integer maxConnectionsPerWorker) {
    this(host, port, maxBodyBytes, maxConnectionsPerWorker, null);
  }

  /** With the default passthrough routes. */
  public ServerConfig(String host, Integer port, Long maxBodyBytes, Integer maxConnectionsPerWorker,
      TlsConfig tls) {
    this(host, port, maxBodyBytes, maxConnectionsPerWorker, tls, null);
  }

  public ServerConfig {
    host = host == null ? "0.0.0.0" : host;
    port = port == null ? 8000 : port;
    maxBodyBytes = maxBodyBytes == null ? 4L * 1024 * 1024 : maxBodyBytes;
    maxConnectionsPerWorker = maxConnectionsPerWorker == null ? 512 : maxConnectionsPerWorker;
    passthroughRoutes =
        passthroughRoutes == null ? DEFAULT_PASSTHROUGH_ROUTES : List.copyOf(passthroughRoutes);
  }

  /** The same settings listening on another port (tests and the demo use it). */
  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, maxBodyBytes, maxConnectionsPerWorker, tls,
        passthroughRoutes);
  }

  /** The same settings served over TLS. */
  public ServerConfig withTls(TlsConfig newTls) {
    return new ServerConfig(host, port, maxBodyBytes, maxConnectionsPerWorker, newTls,
        passthroughRoutes);
  }
}
