package dev.baton.server.epp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.envoyproxy.envoy.service.ext_proc.v3.CommonResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A small stand-in for Envoy with the ext_proc filter in FULL_DUPLEX_STREAMED mode: for each HTTP
 * request it asks the picker over an ext_proc stream, sends the request (with the picker's header
 * mutations and the body it streamed back) to the first endpoint of {@code
 * x-gateway-destination-endpoint}, and relays the answer to the client chunk by chunk while
 * showing each chunk to the picker. An ImmediateResponse is answered as Envoy would.
 */
final class TestGateway implements AutoCloseable {
  private final HttpServer server;
  private final HttpClient upstream = HttpClient.newHttpClient();
  private final EppHarness epp;

  TestGateway(EppHarness epp) throws IOException {
    this.epp = epp;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    EnvoyStream envoy = epp.stream();
    envoy.send(EnvoyMessages.requestHeaders(exchange.getRequestURI().getPath(), Map.of(), false)
        .build());
    envoy.send(EnvoyMessages.requestBody(new String(body, StandardCharsets.UTF_8), true));
    ProcessingResponse first = envoy.next();
    if (first.hasImmediateResponse()) {
      byte[] error = first.getImmediateResponse().getBody().toByteArray();
      exchange.sendResponseHeaders(first.getImmediateResponse().getStatus().getCodeValue(),
          error.length);
      exchange.getResponseBody().write(error);
      exchange.close();
      envoy.finish();
      return;
    }
    CommonResponse pick = first.getRequestHeaders().getResponse();
    byte[] forwarded = envoy.next().getRequestBody().getResponse().getBodyMutation()
        .getStreamedResponse().getBody().toByteArray();
    String destination = EnvoyMessages.setHeader(pick, GatewayHeaders.DESTINATION).orElseThrow()
        .split(",")[0];
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://" + destination + exchange.getRequestURI()))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(forwarded));
    EnvoyMessages.setHeader(pick, GatewayHeaders.PREFILLER)
        .ifPresent(p -> request.header(GatewayHeaders.PREFILLER, p));
    try {
      HttpResponse<InputStream> answer =
          upstream.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      String type = answer.headers().firstValue("content-type").orElse("application/json");
      envoy.send(EnvoyMessages.responseHeaders(answer.statusCode(), type, destination));
      envoy.next();
      exchange.getResponseHeaders().set("content-type", type);
      exchange.sendResponseHeaders(answer.statusCode(), 0);
      try (InputStream in = answer.body(); OutputStream out = exchange.getResponseBody()) {
        byte[] chunk = new byte[4096];
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
          String text = new String(chunk, 0, n, StandardCharsets.UTF_8);
          envoy.send(EnvoyMessages.responseBody(text, false));
          out.write(envoy.next().getResponseBody().getResponse().getBodyMutation()
              .getStreamedResponse().getBody().toByteArray());
          out.flush();
        }
      }
      envoy.send(EnvoyMessages.responseBody("", true));
      envoy.next();
      envoy.finish();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
