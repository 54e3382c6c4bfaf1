package dev.baton.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.BatonServer;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.testing.Http;
import dev.baton.transfer.testing.RawClient;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.server.testing.TestConfigs;
import java.util.Map;

/** What the hardening tests share: hostile requests on raw sockets, and the normal request after. */
final class Hostile {
  static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private Hostile() {}

  /** Baton from YAML: one pool {@code p} serving model {@code m} on {@code worker}. */
  static BatonConfig config(ScriptedWorker worker, String sections) {
    return ConfigLoader.parse(TestConfigs.onePoolYaml(worker.url(), "", sections), "baton.yaml");
  }

  /** A worker that answers every request with a small chat completion. */
  static void ok(ScriptedWorker.Exchange ex) {
    ex.json(200, "{\"id\":\"ok\",\"object\":\"chat.completion\",\"choices\":[]}");
  }

  /** Sends {@code head} (request line and headers) and a body on a fresh connection. */
  static RawClient.Response raw(BatonServer baton, String head, String body) throws Exception {
    return rawFrom(null, baton, head, body);
  }

  /** Like {@link #raw}, from the local address {@code from} (null: the default). */
  static RawClient.Response rawFrom(java.net.InetAddress from, BatonServer baton, String head,
      String body) throws Exception {
    try (RawClient client = RawClient.sendFrom(from, baton.port(), head
        + "\r\nHost: baton\r\nContent-Type: application/json\r\nContent-Length: "
        + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n", body)) {
      return client.readResponse();
    }
  }

  /** Asserts OpenAI's error shape and returns the {@code error} object. */
  static JsonNode error(RawClient.Response response) {
    JsonNode error = Http.json(response.body()).get("error");
    assertThat(error).as(response.body()).isNotNull();
    assertThat(error.has("message") && error.has("type") && error.has("param")
        && error.has("code")).as(response.body()).isTrue();
    return error;
  }

  /**
   * A normal chat request is served (200) and reaches the worker. It comes from another host
   * (127.0.0.2) than the attacks, whose address may be refused for a while, and on its own
   * connection, closed after the answer, so that a baseline sees no client connection open.
   */
  static void normalChatServed(BatonServer baton, ScriptedWorker worker, Map<String, String> headers) {
    int before = worker.requests.get();
    StringBuilder head = new StringBuilder("POST /v1/chat/completions HTTP/1.1");
    headers.forEach((name, value) -> head.append("\r\n").append(name).append(": ").append(value));
    RawClient.Response r;
    try {
      r = rawFrom(java.net.InetAddress.getByName("127.0.0.2"), baton, head.toString(), CHAT);
    } catch (Exception e) {
      throw new AssertionError("a normal request failed", e);
    }
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(worker.requests.get()).isEqualTo(before + 1);
  }
}
