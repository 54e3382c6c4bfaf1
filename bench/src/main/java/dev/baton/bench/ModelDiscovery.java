package dev.baton.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.bench.client.Target;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Picks the model to send when none was given: the first one {@code GET /v1/models} lists. */
final class ModelDiscovery {

  private ModelDiscovery() {}

  static Future<String> resolve(
      HttpClient client, Target target, BenchOptions options, ObjectMapper mapper) {
    if (options.model() != null) {
      return Future.succeededFuture(options.model());
    }
    return client
        .request(
            RequestSender.requestOptions(
                    target, options, HttpMethod.GET, target.basePath() + "/models")
                .setTimeout(options.requestTimeout().toMillis()))
        .compose(request -> request.send())
        .compose(ModelDiscovery::body)
        .compose(
            body -> {
              String id = firstModel(mapper, body);
              return id == null
                  ? Future.failedFuture(new IllegalStateException("GET /v1/models listed no model"))
                  : Future.succeededFuture(id);
            })
        // Bounds the whole exchange, including a wait for a pooled connection.
        .timeout(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .recover(
            failure ->
                Future.failedFuture(
                    new IllegalStateException(
                        "no model given and none found at " + options.url() + ": "
                            + failure.getMessage(),
                        failure)));
  }

  private static Future<byte[]> body(HttpClientResponse response) {
    if (response.statusCode() != 200) {
      return Future.failedFuture("GET /v1/models answered HTTP " + response.statusCode());
    }
    return response.body().map(buffer -> buffer.getBytes());
  }

  private static String firstModel(ObjectMapper mapper, byte[] body) {
    try {
      JsonNode id = mapper.readTree(body).path("data").path(0).path("id");
      return id.isTextual() ? id.asText() : null;
    } catch (IOException e) {
      return null;
    }
  }
}
