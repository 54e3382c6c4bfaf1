package dev.baton.server.config;

import java.util.List;

/**
 * The YAML {@code server} section. The client limits ({@code connections}, {@code clientTimeouts},
 * {@code http2}) apply to the front door and to the admin listener, each counted on its own.
 *
 * @param host address to listen on (default {@code 0.0.0.0})
 * @param port port to listen on (default 8000; 0 picks a free port)
 * @param maxBodyBytes largest request body accepted; larger ones get 413 (default 4 MiB)
 * @param maxConnectionsPerWorker HTTP connections Baton opens to one worker at most (default 1024, to fit
 *     a vLLM worker's {@code max_num_seqs} of up to 1024);
 *     each streaming request holds one
 * @param tls serve HTTPS with this certificate and key (default: plain HTTP)
 * @param passthroughRoutes the {@code POST} routes besides chat and completions that Baton
 *     forwards to a worker serving the body's {@code model}, exact paths under {@code /v1/} or one of
 *     {@link #ROOT_MODEL_ROUTES} (default {@link #DEFAULT_PASSTHROUGH_ROUTES}); each passes auth,
 *     limits, rate limits and admission like chat. Any other route gets 404. An empty list forwards
 *     none.
 * @param connections client connections one listener keeps open at most (default 10000); more are
 *     closed as soon as they speak
 * @param clientTimeouts header, body, idle and write-stall timeouts for clients
 * @param http2 per-connection and per-listener stream limits, reset limits per client address
 * @param maxBufferedBodyBytes request body bytes all requests together may hold in memory (default
 *     256 MiB); a request whose body does not fit gets 503. A body without a declared length
 *     reserves {@code maxBodyBytes}
 */
public record ServerConfig(
    String host, Integer port, Long maxBodyBytes, Integer maxConnectionsPerWorker, TlsConfig tls,
    List<String> passthroughRoutes, Integer connections, ClientTimeoutsConfig clientTimeouts,
    Http2Config http2, Long maxBufferedBodyBytes) {

  /**
   * vLLM's routes that take a {@code model} (in a JSON body, or a form field of a multipart audio
   * upload) and are safe to share: not its LoRA load/unload admin routes, not the routes that read
   * or cancel a stored response by id (no model names their worker).
   */
  public static final List<String> DEFAULT_PASSTHROUGH_ROUTES =
      List.of("/v1/embeddings", "/v1/score", "/v1/rerank", "/v1/responses", "/tokenize",
          "/detokenize", "/v1/audio/transcriptions", "/v1/audio/translations");

  /**
   * vLLM's routes outside {@code /v1} that name a model in their body; the only such paths {@code
   * passthroughRoutes} may list.
   */
  public static final List<String> ROOT_MODEL_ROUTES =
      List.of("/tokenize", "/detokenize", "/pooling", "/classify", "/score", "/rerank");

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

  /** With the default client limits. */
  public ServerConfig(String host, Integer port, Long maxBodyBytes, Integer maxConnectionsPerWorker,
      TlsConfig tls, List<String> passthroughRoutes) {
    this(host, port, maxBodyBytes, maxConnectionsPerWorker, tls, passthroughRoutes, null, null,
        null, null);
  }

  public ServerConfig {
    host = host == null ? "0.0.0.0" : host;
    port = port == null ? 8000 : port;
    maxBodyBytes = maxBodyBytes == null ? 4L * 1024 * 1024 : maxBodyBytes;
    maxConnectionsPerWorker = maxConnectionsPerWorker == null ? 1024 : maxConnectionsPerWorker;
    passthroughRoutes =
        passthroughRoutes == null ? DEFAULT_PASSTHROUGH_ROUTES : List.copyOf(passthroughRoutes);
    connections = connections == null ? 10_000 : connections;
    clientTimeouts = clientTimeouts == null ? ClientTimeoutsConfig.DEFAULTS : clientTimeouts;
    http2 = http2 == null ? Http2Config.DEFAULTS : http2;
    maxBufferedBodyBytes = maxBufferedBodyBytes == null ? 256L * 1024 * 1024 : maxBufferedBodyBytes;
  }

  /** The same settings listening on another address ({@code baton demo --host}). */
  public ServerConfig withHost(String newHost) {
    return new ServerConfig(newHost, port, maxBodyBytes, maxConnectionsPerWorker, tls,
        passthroughRoutes, connections, clientTimeouts, http2, maxBufferedBodyBytes);
  }

  /** The same settings listening on another port (tests and the demo use it). */
  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, maxBodyBytes, maxConnectionsPerWorker, tls,
        passthroughRoutes, connections, clientTimeouts, http2, maxBufferedBodyBytes);
  }

  /** The same settings served over TLS. */
  public ServerConfig withTls(TlsConfig newTls) {
    return new ServerConfig(host, port, maxBodyBytes, maxConnectionsPerWorker, newTls,
        passthroughRoutes, connections, clientTimeouts, http2, maxBufferedBodyBytes);
  }
}
