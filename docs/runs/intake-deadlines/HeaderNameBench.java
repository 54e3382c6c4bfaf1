import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/**
 * The header names Baton sets and reads on every request, as strings (before 68f28b7) against
 * prebuilt names (after): the worker request's x-forwarded-for, x-forwarded-proto and x-request-id,
 * the client response's x-request-id (set twice: at intake and by the relay), the client's
 * x-request-id read, the worker answer's content-type and content-length read. ns per request.
 */
public class HeaderNameBench {
  static final CharSequence RID = HttpHeaders.createOptimized("x-request-id");
  static final CharSequence XFF = HttpHeaders.createOptimized("x-forwarded-for");
  static final CharSequence XFP = HttpHeaders.createOptimized("x-forwarded-proto");
  static final CharSequence HTTP = HttpHeaders.createOptimized("http");

  static long strings(MultiMap client, MultiMap worker, String id) {
    MultiMap fwd = MultiMap.caseInsensitiveMultiMap();
    fwd.set("x-forwarded-for", "127.0.0.1");
    fwd.set("x-forwarded-proto", "http");
    fwd.set("x-request-id", id);
    MultiMap resp = HttpHeaders.headers();
    resp.set("x-request-id", id);
    resp.set("x-request-id", id);
    String got = client.get("x-request-id");
    String type = worker.get("content-type");
    String length = worker.get("content-length");
    return fwd.size() + resp.size() + (got == null ? 0 : 1) + type.length() + (length == null ? 0 : 1);
  }

  static long prebuilt(MultiMap client, MultiMap worker, String id) {
    MultiMap fwd = MultiMap.caseInsensitiveMultiMap();
    fwd.set(XFF, "127.0.0.1");
    fwd.set(XFP, HTTP);
    fwd.set(RID, id);
    MultiMap resp = HttpHeaders.headers();
    resp.set(RID, id);
    resp.set(RID, id);
    String got = client.get(RID);
    String type = worker.get(HttpHeaders.CONTENT_TYPE);
    String length = worker.get(HttpHeaders.CONTENT_LENGTH);
    return fwd.size() + resp.size() + (got == null ? 0 : 1) + type.length() + (length == null ? 0 : 1);
  }

  public static void main(String[] a) {
    MultiMap client = HttpHeaders.headers().add("Host", "127.0.0.1:8080")
        .add("Content-Length", "150").add("Content-Type", "application/json");
    MultiMap worker = HttpHeaders.headers().add("Server", "nginx").add("Date", "Wed, 02 Dec 2026 05:00:00 GMT")
        .add("Content-Type", "text/event-stream").add("Transfer-Encoding", "chunked").add("Connection", "keep-alive");
    String id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    int n = 3_000_000;
    long sink = 0;
    for (int r = 0; r < 6; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) sink += strings(client, worker, id);
      long t1 = System.nanoTime();
      for (int i = 0; i < n; i++) sink += prebuilt(client, worker, id);
      long t2 = System.nanoTime();
      System.out.printf("round %d: strings %.0f ns, prebuilt %.0f ns per request%n", r,
          (t1 - t0) / (double) n, (t2 - t1) / (double) n);
    }
    System.out.println(sink == 42 ? "" : "ok");
  }
}
