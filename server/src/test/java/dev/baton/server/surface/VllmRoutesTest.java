package dev.baton.server.surface;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.transfer.testing.ScriptedWorker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * vLLM's routes besides chat and completions, over real sockets: each reaches the worker serving its
 * {@code model} on the same path, after auth, and nothing Baton does not know reaches a worker.
 */
class VllmRoutesTest {
  @RegisterExtension final TestBed bed = new TestBed();

  private static final Map<String, String> KEY = Map.of("authorization", "Bearer k");
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** What a worker received: the path and the exact bytes. */
  record Received(String path, String contentType, byte[] body) {}

  private ScriptedWorker recording(List<Received> received, String name) {
    return bed.worker(ex -> {
      received.add(new Received(ex.request().path(), ex.request().getHeader("content-type"),
          ex.body().getBytes()));
      ex.json(200, "{\"worker\":\"" + name + "\",\"path\":\"" + ex.request().path() + "\"}");
    });
  }

  private BatonServer twoPools(ScriptedWorker chat, ScriptedWorker audio, String server) {
    return bed.baton(ConfigLoader.parse("""
        server: {host: 127.0.0.1, port: 0%s}
        admin: {host: 127.0.0.1, port: 0}
        auth: {keys: [{name: team, key: k}]}
        pools:
          - {name: chat, models: [m], endpoints: [{url: "%s"}]}
          - {name: whisper, models: [whisper-1], endpoints: [{url: "%s"}]}
        """.formatted(server, chat.url(), audio.url()), "baton.yaml"));
  }

  @Test
  void jsonRoutesReachTheWorkerServingTheirModelOnTheSamePath() {
    List<Received> received = new CopyOnWriteArrayList<>();
    ScriptedWorker chat = recording(received, "chat");
    ScriptedWorker audio = recording(received, "whisper");
    BatonServer baton = twoPools(chat, audio, "");
    for (String path : List.of("/tokenize", "/detokenize", "/v1/responses", "/v1/embeddings")) {
      HttpResponse<String> r =
          Http.post(baton.baseUrl() + path, "{\"model\":\"m\",\"prompt\":\"hi\"}", KEY);
      assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
      assertThat(Http.json(r.body()).get("path").asText()).isEqualTo(path);
      assertThat(Http.json(r.body()).get("worker").asText()).isEqualTo("chat");
      HttpResponse<String> anonymous =
          Http.post(baton.baseUrl() + path, "{\"model\":\"m\",\"prompt\":\"hi\"}");
      assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
    }
    assertThat(received).hasSize(4);
    assertThat(audio.requests.get()).isZero();
  }

  @Test
  void audioUploadsAreRoutedByTheirModelFieldAndForwardedByteForByte() throws Exception {
    List<Received> received = new CopyOnWriteArrayList<>();
    ScriptedWorker chat = recording(received, "chat");
    ScriptedWorker audio = recording(received, "whisper");
    BatonServer baton = twoPools(chat, audio, ", maxBodyBytes: 65536");
    byte[] wav = new byte[20_000];
    for (int i = 0; i < wav.length; i++) {
      wav[i] = (byte) (i * 31); // binary, with CR and LF bytes inside
    }
    byte[] form = form("b0undary", "whisper-1", wav);
    HttpResponse<String> r = upload(baton, "/v1/audio/transcriptions", "b0undary", form, KEY);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Http.json(r.body()).get("worker").asText()).isEqualTo("whisper");
    assertThat(received).hasSize(1);
    assertThat(received.get(0).path()).isEqualTo("/v1/audio/transcriptions");
    assertThat(received.get(0).contentType()).isEqualTo("multipart/form-data; boundary=b0undary");
    assertThat(received.get(0).body()).isEqualTo(form);

    HttpResponse<String> noModel =
        upload(baton, "/v1/audio/translations", "b0undary", form("b0undary", null, wav), KEY);
    assertThat(noModel.statusCode()).isEqualTo(400);
    assertThat(Http.error(noModel).get("code").asText()).isEqualTo("missing_model");
    HttpResponse<String> unknown =
        upload(baton, "/v1/audio/translations", "b0undary", form("b0undary", "nope", wav), KEY);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(Http.error(unknown).get("code").asText()).isEqualTo("model_not_found");
    HttpResponse<String> tooLarge = upload(baton, "/v1/audio/transcriptions", "b0undary",
        form("b0undary", "whisper-1", new byte[70_000]), KEY);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(Http.error(tooLarge).get("code").asText()).isEqualTo("payload_too_large");
    HttpResponse<String> anonymous = upload(baton, "/v1/audio/transcriptions", "b0undary", form,
        Map.of());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(received).hasSize(1);
  }

  @Test
  void wrongMethodsGet405WithAllowAndUnknownRoutes404() throws Exception {
    List<Received> received = new CopyOnWriteArrayList<>();
    ScriptedWorker chat = recording(received, "chat");
    BatonServer baton = twoPools(chat, recording(received, "whisper"), "");
    for (String path : List.of("/v1/chat/completions", "/v1/completions", "/tokenize",
        "/v1/audio/transcriptions")) {
      HttpResponse<String> r = get(baton, path);
      assertThat(r.statusCode()).as(path).isEqualTo(405);
      assertThat(r.headers().firstValue("allow")).as(path).contains("POST");
      assertThat(Http.error(r).get("code").asText()).isEqualTo("method_not_allowed");
    }
    HttpResponse<String> postModels = Http.post(baton.baseUrl() + "/v1/models", "{}", KEY);
    assertThat(postModels.statusCode()).isEqualTo(405);
    assertThat(postModels.headers().firstValue("allow")).contains("GET");
    for (String path : List.of("/v1/load_lora_adapter", "/v1/files", "/v1/responses/resp_1",
        "/pooling", "/v1/tokenize")) {
      HttpResponse<String> r = Http.post(baton.baseUrl() + path, "{\"model\":\"m\"}", KEY);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(Http.error(r).get("code").asText()).isEqualTo("not_found");
    }
    HttpResponse<String> badJson = Http.post(baton.baseUrl() + "/v1/chat/completions", "{", KEY);
    assertThat(badJson.statusCode()).isEqualTo(400);
    assertThat(Http.error(badJson).get("code").isTextual()).isTrue();
    assertThat(Http.error(badJson).get("code").asText()).isEqualTo("invalid_json");
    assertThat(received).isEmpty();
  }

  private static HttpResponse<String> get(BatonServer baton, String path) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baton.baseUrl() + path))
        .timeout(Duration.ofSeconds(30)).GET();
    KEY.forEach(b::header);
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> upload(BatonServer baton, String path, String boundary,
      byte[] form, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baton.baseUrl() + path))
        .timeout(Duration.ofSeconds(30))
        .header("content-type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(form));
    headers.forEach(b::header);
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A form as OpenAI's clients send it: the file, then {@code model} (when given) and a prompt. */
  static byte[] form(String boundary, String model, byte[] file) {
    var out = new java.io.ByteArrayOutputStream();
    out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
        + "filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(file);
    if (model != null) {
      out.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\""
          + "\r\n\r\n" + model).getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"prompt\""
        + "\r\n\r\nhello\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
