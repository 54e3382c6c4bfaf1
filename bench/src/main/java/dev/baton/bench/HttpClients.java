package dev.baton.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;

/** The one HTTP client of a run: HTTP/1.1 keep-alive, a pool as large as the offered load. */
final class HttpClients {

  private HttpClients() {}

  static HttpClientAgent create(Vertx vertx, BenchOptions options) {
    HttpClientOptions http =
        new HttpClientOptions()
            .setProtocolVersion(HttpVersion.HTTP_1_1)
            .setKeepAlive(true)
            .setPipelining(false)
            .setTcpNoDelay(true)
            // Compressed SSE would hide chunk boundaries behind the inflater; servers send none.
            .setDecompressionSupported(false)
            .setConnectTimeout(
                (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()));
    // Connections stay on the event loop of the lane that opened them (eventLoopSize 0).
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(options.poolSize());
    return vertx.httpClientBuilder().with(http).with(pool).build();
  }
}
