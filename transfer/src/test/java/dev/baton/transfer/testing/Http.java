package dev.baton.transfer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A blocking HTTP client for tests, run from the test thread (never an event loop). */
public class Http {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).build();

  /** Static helpers; the server's tests extend it to keep their own import. */
  protected Http() {}

  public static HttpResponse<String> post(String url, String body) {
    return post(url, body, Map.of());
  }

  public static HttpResponse<String> post(String url, String body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return send(b.build());
  }

  /**
   * Starts a POST and returns at once, for a request the test holds open (a stream) while it does
   * something else; the answer completes when the whole body has arrived.
   */
  public static CompletableFuture<HttpResponse<String>> postAsync(String url, String body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  public static HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build());
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  /** Asserts the OpenAI error shape and returns the error object. */
  public static JsonNode error(HttpResponse<String> response) {
    JsonNode error = json(response.body()).get("error");
    if (error == null || !error.has("message") || !error.has("type") || !error.has("param")
        || !error.has("code")) {
      throw new AssertionError("not an OpenAI error: " + response.body());
    }
    return error;
  }
}
