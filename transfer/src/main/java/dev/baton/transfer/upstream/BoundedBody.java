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
    return new Reading(call, maxBytes, response).body.future();
  }

  /**
   * One answer being read. A prefill's answer nearly always arrives as one chunk: that chunk is
   * kept as it is, and only a second one starts a buffer both are copied into.
   */
  private static final class Reading {
    private final Promise<Buffer> body = Promise.promise();
    private final UpstreamCall call;
    private final long maxBytes;
    private Buffer first;
    private Buffer joined;
    private long length;

    Reading(UpstreamCall call, long maxBytes, HttpClientResponse response) {
      this.call = call;
      this.maxBytes = maxBytes;
      response.handler(this::chunk);
      response.exceptionHandler(err -> body.tryFail(UpstreamFailure.of(err)));
      response.endHandler(v -> body.tryComplete(joined != null ? joined : first != null ? first : Buffer.buffer()));
    }

    private void chunk(Buffer chunk) {
      length += chunk.length();
      if (length > maxBytes) {
        UpstreamFailure tooBig = new UpstreamFailure(UpstreamFailure.Kind.BAD_ANSWER,
            "worker answer larger than " + maxBytes + " bytes");
        body.tryFail(tooBig);
        call.abort(tooBig);
      } else if (first == null) {
        first = chunk;
      } else {
        if (joined == null) {
          joined = Buffer.buffer((int) Math.min(maxBytes, 2L * length)).appendBuffer(first);
        }
        joined.appendBuffer(chunk);
      }
    }
  }
}
