package dev.baton.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Map;

/** A raw HTTP client for tests: whole bodies as bytes, and the time the first body byte came. */
public final class Http implements AutoCloseable {

  public static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;

  public Http(Vertx vertx) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
  }

  /** A whole response; {@code firstByteNanos - sentNanos} is the time to the first body byte. */
  public record Response(int status, MultiMap headers, String body, long sentNanos, long firstByteNanos) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    public long timeToFirstByteNanos() {
      return firstByteNanos - sentNanos;
    }
  }

  public Response post(SimWorker w, String path, String body) {
    return post(w, path, body, Map.of());
  }

  public Response post(SimWorker w, String path, String body, Map<String, String> headers) {
    return Await.result(send(w, HttpMethod.POST, path, body, headers));
  }

  public Response get(SimWorker w, String path) {
    return Await.result(send(w, HttpMethod.GET, path, null, Map.of()));
  }

  public Future<Response> send(SimWorker w, HttpMethod method, String path, String body, Map<String, String> headers) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost(w.host()).setPort(w.port()).setURI(path);
    return client.request(options).compose(req -> {
      headers.forEach(req::putHeader);
      if (body != null) {
        req.putHeader("Content-Type", "application/json");
      }
      long sent = System.nanoTime();
      Future<io.vertx.core.http.HttpClientResponse> resp = body == null ? req.send() : req.send(body);
      return resp.compose(r -> {
        Buffer all = Buffer.buffer();
        long[] first = {0};
        io.vertx.core.Promise<Response> done = io.vertx.core.Promise.promise();
        r.handler(chunk -> {
          if (first[0] == 0) {
            first[0] = System.nanoTime();
          }
          all.appendBuffer(chunk);
        });
        r.exceptionHandler(done::tryFail);
        r.endHandler(v -> done.tryComplete(new Response(r.statusCode(), r.headers(), all.toString(),
            sent, first[0] == 0 ? System.nanoTime() : first[0])));
        return done.future();
      });
    });
  }

  /** Sends a request and returns it at once, for tests that hang up mid-answer. */
  public HttpClientRequest open(SimWorker w, String path, String body, Map<String, String> headers) {
    HttpClientRequest req = Await.result(client.request(new RequestOptions().setMethod(HttpMethod.POST)
        .setHost(w.host()).setPort(w.port()).setURI(path).putHeader("Content-Type", "application/json")));
    headers.forEach(req::putHeader);
    // The test hangs up on purpose; keep the expected "connection closed" out of the logs.
    req.exceptionHandler(e -> {});
    req.send(body).onSuccess(resp -> resp.exceptionHandler(e -> {}));
    return req;
  }

  /**
   * Sends a request and returns whatever body arrived, also when the server cuts the connection
   * ({@code cut} is then true).
   */
  public record Partial(int status, String body, boolean cut) {}

  public Partial sendUntilClosed(SimWorker w, String path, String body, Map<String, String> headers) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(w.host()).setPort(w.port())
        .setURI(path);
    io.vertx.core.Promise<Partial> done = io.vertx.core.Promise.promise();
    Buffer all = Buffer.buffer();
    int[] status = {-1};
    client.request(options).onFailure(done::tryFail).onSuccess(req -> {
      headers.forEach(req::putHeader);
      req.putHeader("Content-Type", "application/json");
      req.connection().closeHandler(v -> done.tryComplete(new Partial(status[0], all.toString(), true)));
      req.send(body).onSuccess(r -> {
        status[0] = r.statusCode();
        r.handler(all::appendBuffer);
        r.endHandler(v -> done.tryComplete(new Partial(r.statusCode(), all.toString(), false)));
      });
    });
    return Await.result(done.future());
  }

  @Override
  public void close() {
    client.close();
  }
}
