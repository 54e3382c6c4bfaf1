package dev.baton.server.sidecar;

import dev.baton.server.config.WorkerUrl;
import dev.baton.transfer.error.OpenAiError;
import dev.baton.transfer.upstream.HopByHop;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;

/**
 * Everything the sidecar does not split goes to the local engine as it came, streamed both ways:
 * {@code /v1/models}, {@code /health}, {@code /metrics} (scraped through the pod's serving port) and
 * the other OpenAI routes.
 */
final class LocalPassthrough {
  private final HttpClient client;
  private final WorkerUrl decode;

  LocalPassthrough(HttpClient client, WorkerUrl decode) {
    this.client = client;
    this.decode = decode;
  }

  void forward(HttpServerRequest request) {
    request.pause();
    RequestOptions options = new RequestOptions().setMethod(request.method())
        .setHost(decode.host()).setPort(decode.port()).setURI(request.uri())
        .setHeaders(HopByHop.endToEnd(request.headers()));
    String length = request.getHeader("content-length");
    client.request(options)
        .onSuccess(upstream -> {
          if (length != null) {
            upstream.putHeader("content-length", length);
          } else if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            upstream.setChunked(true);
          }
          upstream.response()
              .onSuccess(answer -> {
                request.response().setStatusCode(answer.statusCode());
                request.response().headers().addAll(HopByHop.endToEnd(answer.headers()));
                String answerLength = answer.getHeader("content-length");
                if (answerLength != null) {
                  request.response().putHeader("content-length", answerLength);
                } else {
                  request.response().setChunked(true);
                }
                answer.pipeTo(request.response());
              })
              .onFailure(err -> failed(request, err));
          request.pipeTo(upstream);
        })
        .onFailure(err -> failed(request, err));
  }

  private static void failed(HttpServerRequest request, Throwable err) {
    if (!request.response().headWritten()) {
      OpenAiError.badGateway("the local engine did not answer: " + err.getMessage())
          .send(request.response());
    } else {
      request.response().reset();
    }
  }
}
