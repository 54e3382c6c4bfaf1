package dev.baton.transfer.upstream;

import dev.baton.transfer.error.UpstreamFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/**
 * Reads a small worker answer whole (a prefill's one-token reply), refusing to hold more than a
 * limit: a misbehaving worker cannot make Baton buffer without bound.
 */
public final class BoundedBody {

  private BoundedBody() {}

  public static Future<Buffer> read(UpstreamCall call, HttpClientResponse response, long maxBytes) {
    Promise<Buffer> body = Promise.promise();
    Buffer acc = Buffer.buffer();
    response.handler(
        chunk -> {
          if (acc.length() + chunk.length() > maxBytes) {
            UpstreamFailure tooBig =
                new UpstreamFailure(UpstreamFailure.Kind.BAD_ANSWER,
                    "worker answer larger than " + maxBytes + " bytes");
            body.tryFail(tooBig);
            call.abort(tooBig);
          } else {
            acc.appendBuffer(chunk);
          }
        });
    response.exceptionHandler(err -> body.tryFail(UpstreamFailure.of(err)));
    response.endHandler(v -> body.tryComplete(acc));
    return body.future();
  }
}
