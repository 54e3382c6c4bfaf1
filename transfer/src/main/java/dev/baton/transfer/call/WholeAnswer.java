package dev.baton.transfer.call;

import dev.baton.transfer.call.AttemptEnd.Verdict;
import dev.baton.transfer.error.UpstreamFailure;
import dev.baton.transfer.upstream.BoundedBody;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientResponse;

/**
 * Reads a small answer whole (a prefill's one token, a non-streamed decode whose answer is merged,
 * a release), refusing more than {@code maxBytes}: a misbehaving worker cannot make Baton buffer
 * without bound.
 */
public final class WholeAnswer implements AnswerReader<HttpAnswer> {
  private final long maxBytes;

  public WholeAnswer(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public Future<AttemptEnd<HttpAnswer>> read(Attempt a, HttpClientResponse response) {
    int status = response.statusCode();
    return BoundedBody.read(a.call(), response, maxBytes).transform(ar -> Future.succeededFuture(
        ar.succeeded()
            ? new AttemptEnd.Answered<>(new HttpAnswer(status, response.headers(), ar.result()),
                status >= 500 ? Verdict.FAILING : Verdict.HEALTHY)
            : AttemptEnd.failed(UpstreamFailure.of(ar.cause()), true)));
  }
}
