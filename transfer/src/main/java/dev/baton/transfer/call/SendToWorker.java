package dev.baton.transfer.call;

import dev.baton.transfer.error.UpstreamFailure;
import dev.baton.transfer.retry.RetryCause;
import dev.baton.transfer.upstream.DataParallelHeader;
import dev.baton.transfer.upstream.UpstreamCall;
import dev.baton.transfer.upstream.UpstreamRequest;
import dev.baton.transfer.upstream.WorkerClient;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientResponse;

/**
 * The bottom of the stack: sends the request, pinned to the attempt's data-parallel rank when its
 * server has several, and hands the answer to the leg's reader. A 5xx the
 * retry layer will send elsewhere is dropped unread, with its connection, so nothing of it reaches
 * the client.
 */
final class SendToWorker<T> implements WorkerCall<T> {
  private final WorkerClient client;
  private final AnswerReader<T> reader;

  SendToWorker(WorkerClient client, AnswerReader<T> reader) {
    this.client = client;
    this.reader = reader;
  }

  @Override
  public Future<AttemptEnd<T>> attempt(Attempt a) {
    UpstreamCall call = a.call();
    UpstreamRequest request = a.request().request();
    UpstreamRequest pinned = !a.endpoint().rank().pinned() ? request
        : new UpstreamRequest(request.method(), request.path(),
            DataParallelHeader.pin(request.headers(), a.endpoint().rank()), request.body());
    client.send(a.endpoint().endpoint(), pinned, call, a.policy().timeouts().connect());
    return call.response().transform(ar -> {
      if (ar.failed()) {
        return Future.succeededFuture(AttemptEnd.failed(UpstreamFailure.of(ar.cause()), call.sent()));
      }
      HttpClientResponse response = ar.result();
      int status = response.statusCode();
      if (status >= 500 && a.retryWanted(new RetryCause.ErrorStatus(status))) {
        // The reset this causes surfaces on the response as an expected error, not worth a log line.
        response.exceptionHandler(ignored -> {});
        call.abort(new UpstreamFailure(UpstreamFailure.Kind.CANCELLED, "retried elsewhere"));
        return Future.succeededFuture(new AttemptEnd.Failed<>(new UpstreamFailure(
            UpstreamFailure.Kind.BAD_ANSWER, "worker " + a.endpoint().id() + " answered " + status),
            true));
      }
      return reader.read(a, response);
    });
  }
}
