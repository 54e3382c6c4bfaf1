package dev.baton.transfer.upstream.bench;

import com.sun.management.ThreadMXBean;
import dev.baton.transfer.upstream.HopByHop;
import dev.baton.transfer.upstream.RelayedHeaders;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.impl.headers.HeadersAdaptor;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The header passes of one proxied request, before and after they stopped lower-casing names and
 * looking the {@code Connection} header up first: a worker's answer (nginx's and uvicorn's head,
 * as Vert.x's client hands it over) copied into a client response with its content type and length
 * read, and a client's request filtered for its worker. Run on a loaded machine, so it measures the
 * thread's CPU time and allocation, both variants in alternate rounds:
 * {@code java -cp <test classpath> dev.baton.transfer.upstream.bench.HeaderPassBenchmark}.
 */
public final class HeaderPassBenchmark {
  private static final int PER_ROUND = 200_000;
  private static final int ROUNDS = 12;
  private static long sink;

  private HeaderPassBenchmark() {}

  private static MultiMap nginxAnswer() {
    return new HeadersAdaptor(new DefaultHttpHeaders().add("Server", "nginx/1.24.0")
        .add("Date", "Wed, 02 Dec 2026 07:00:00 GMT").add("Content-Type", "text/event-stream")
        .add("Transfer-Encoding", "chunked").add("Connection", "keep-alive"));
  }

  private static MultiMap uvicornAnswer() {
    return new HeadersAdaptor(new DefaultHttpHeaders().add("date", "Wed, 02 Dec 2026 07:00:00 GMT")
        .add("server", "uvicorn").add("content-type", "text/event-stream; charset=utf-8")
        .add("transfer-encoding", "chunked"));
  }

  private static MultiMap clientRequest() {
    return HeadersMultiMap.httpHeaders().add("Host", "127.0.0.1:8080")
        .add("User-Agent", "OpenAI/Python 1.55.0").add("Accept", "application/json")
        .add("Content-Type", "application/json").add("Authorization", "Bearer sk-test")
        .add("Content-Length", "160").add("Accept-Encoding", "gzip, deflate");
  }

  private static boolean notForwarded(String lower) {
    return lower.startsWith("x-forwarded-") || lower.equals("accept-encoding")
        || lower.equals("cookie");
  }

  private static long after(MultiMap nginx, MultiMap uvicorn, MultiMap request) {
    long n = 0;
    for (MultiMap answer : new MultiMap[] {nginx, uvicorn}) {
      MultiMap into = HeadersMultiMap.httpHeaders();
      RelayedHeaders.Framing framing = RelayedHeaders.copy(answer, into);
      n += into.size() + (framing.contentType() != null ? 1 : 0)
          + (framing.contentLength() != null ? 1 : 0);
    }
    return n + HopByHop.endToEnd(request, HeaderPassBenchmark::notForwarded).size();
  }

  private static long before(MultiMap nginx, MultiMap uvicorn, MultiMap request) {
    long n = 0;
    for (MultiMap answer : new MultiMap[] {nginx, uvicorn}) {
      MultiMap into = HeadersMultiMap.httpHeaders();
      Before.copyEndToEnd(answer, into, Before.WORKER_IDENTITY::contains);
      n += into.size() + (answer.get(HttpHeaders.CONTENT_TYPE) != null ? 1 : 0)
          + (answer.get(HttpHeaders.CONTENT_LENGTH) != null ? 1 : 0);
    }
    return n + Before.copyEndToEnd(request, MultiMap.caseInsensitiveMultiMap(),
        HeaderPassBenchmark::notForwarded).size();
  }

  public static void main(String[] args) {
    ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    MultiMap nginx = nginxAnswer();
    MultiMap uvicorn = uvicornAnswer();
    MultiMap request = clientRequest();
    if (before(nginx, uvicorn, request) != after(nginx, uvicorn, request)) {
      throw new AssertionError("the variants keep different headers");
    }
    long[][] cpu = new long[2][ROUNDS];
    long[][] bytes = new long[2][ROUNDS];
    for (int round = -3; round < ROUNDS; round++) {
      for (int variant = 0; variant < 2; variant++) {
        long t0 = bean.getCurrentThreadCpuTime();
        long b0 = bean.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < PER_ROUND; i++) {
          sink += variant == 0 ? before(nginx, uvicorn, request) : after(nginx, uvicorn, request);
        }
        if (round >= 0) {
          cpu[variant][round] = bean.getCurrentThreadCpuTime() - t0;
          bytes[variant][round] = bean.getCurrentThreadAllocatedBytes() - b0;
        }
      }
    }
    for (int variant = 0; variant < 2; variant++) {
      Arrays.sort(cpu[variant]);
      Arrays.sort(bytes[variant]);
      System.out.printf("%-6s median CPU %.0f ns, %d bytes per request (two answers, one request)%n",
          variant == 0 ? "before" : "after", cpu[variant][ROUNDS / 2] / (double) PER_ROUND,
          bytes[variant][ROUNDS / 2] / PER_ROUND);
    }
    System.out.println("(sink " + sink + ")");
  }

  /** The passes as they were at 5d85be5, kept here as the baseline. */
  private static final class Before {
    static final Set<String> WORKER_IDENTITY =
        Set.of("server", "x-powered-by", "x-aspnet-version", "x-runtime", "x-served-by");
    private static final Set<String> NAMES = Set.of("connection", "keep-alive",
        "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer",
        "transfer-encoding", "upgrade", "host", "content-length", "http2-settings");
    private static final Set<String> KEPT = Set.of("content-type", "content-encoding", "accept",
        "x-request-id", "traceparent", "tracestate");

    static MultiMap copyEndToEnd(MultiMap headers, MultiMap into, Predicate<String> dropped) {
      Set<String> named = connectionTokens(headers);
      headers.forEach((name, value) -> {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.startsWith(":") && !NAMES.contains(lower) && !named.contains(lower)
            && !dropped.test(lower)) {
          into.add(name, value);
        }
      });
      return into;
    }

    private static Set<String> connectionTokens(MultiMap headers) {
      if (!headers.contains("connection")) {
        return Set.of();
      }
      HashSet<String> tokens = new HashSet<>();
      for (String value : headers.getAll("connection")) {
        for (String token : value.split(",")) {
          String name = token.trim().toLowerCase(Locale.ROOT);
          if (!KEPT.contains(name)) {
            tokens.add(name);
          }
        }
      }
      return tokens;
    }
  }
}
