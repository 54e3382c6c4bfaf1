package dev.baton.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.bench.client.ExchangeObserver;
import dev.baton.bench.client.RequestBodies;
import dev.baton.bench.client.StreamingExchange;
import dev.baton.bench.client.Target;
import dev.baton.bench.sse.ChunkScanner;
import dev.baton.bench.workload.Prompt;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Map;

/**
 * Makes the streaming exchanges of a run: one target (or a server and its replicas, in turn), one
 * set of headers, one body encoder.
 */
final class RequestSender {

  private final Vertx vertx;
  private final HttpClient client;
  private final BenchOptions options;
  private final RequestBodies bodies;
  private final ChunkScanner scanner;
  private final ObjectMapper mapper;
  private final boolean collectAnswers;
  /** One per target: the server, then its replicas; requests take them in turn. */
  private final RequestOptions[] requestOptions;
  private final java.util.concurrent.atomic.AtomicInteger next =
      new java.util.concurrent.atomic.AtomicInteger();

  RequestSender(
      Vertx vertx,
      HttpClient client,
      Target target,
      BenchOptions options,
      RequestBodies bodies,
      ChunkScanner scanner,
      ObjectMapper mapper,
      boolean collectAnswers) {
    this.vertx = vertx;
    this.client = client;
    this.options = options;
    this.bodies = bodies;
    this.scanner = scanner;
    this.mapper = mapper;
    this.collectAnswers = collectAnswers;
    java.util.List<Target> targets = new java.util.ArrayList<>(java.util.List.of(target));
    options.replicaUrls().forEach(url -> targets.add(Target.parse(url)));
    this.requestOptions = new RequestOptions[targets.size()];
    for (int i = 0; i < targets.size(); i++) {
      requestOptions[i] = requestOptions(targets.get(i), options, HttpMethod.POST,
          targets.get(i).path(options.endpoint()));
      requestOptions[i].putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      requestOptions[i].putHeader(HttpHeaders.ACCEPT, "text/event-stream");
    }
  }

  /**
   * Request options aimed at the target only: fixed host and port, no redirects, the operator's
   * headers and key.
   */
  static RequestOptions requestOptions(
      Target target, BenchOptions options, HttpMethod method, String path) {
    RequestOptions request =
        new RequestOptions()
            .setMethod(method)
            .setHost(target.host())
            .setPort(target.port())
            .setSsl(target.ssl())
            .setURI(path)
            .setFollowRedirects(false);
    for (Map.Entry<String, String> header : options.headers().entrySet()) {
      request.putHeader(header.getKey(), header.getValue());
    }
    if (options.apiKey() != null) {
      request.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + options.apiKey());
    }
    return request;
  }

  StreamingExchange exchange(Prompt prompt, ExchangeObserver observer) {
    return new StreamingExchange(
        vertx,
        client,
        withOwnHeaders(requestOptions[Math.floorMod(next.getAndIncrement(), requestOptions.length)],
            prompt),
        bodies.body(prompt),
        prompt,
        options.endpoint(),
        scanner,
        mapper,
        collectAnswers,
        options.requestTimeout().toMillis(),
        observer);
  }

  /** The target's options plus the prompt's own headers, which replace the run's of that name. */
  private static RequestOptions withOwnHeaders(RequestOptions shared, Prompt prompt) {
    if (prompt.headers().isEmpty()) {
      return shared;
    }
    RequestOptions own = new RequestOptions(shared);
    prompt.headers().forEach(own::putHeader);
    return own;
  }
}
