package dev.baton.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.config.ConfigLoader;
import dev.baton.transfer.testing.RawClient;
import dev.baton.server.testing.TestBed;
import java.net.InetAddress;

/**
 * Baton for the hardening suite: loopback listeners, one pool {@code p} serving model {@code m} on
 * one worker, one API key, and the given client limits under {@code server:}.
 */
final class HardenedBaton {
  static final String KEY = "sk-hardening-1";
  static final String BODY = """
      {"model":"m","prompt":"hello","max_tokens":2}""";
  static final String ANSWER = """
      {"id":"cmpl-1","object":"text_completion","choices":[{"index":0,"text":"hi","finish_reason":"length"}]}""";

  private HardenedBaton() {}

  /** {@code serverKeys} are YAML lines indented two spaces under {@code server:}. */
  static BatonServer start(TestBed bed, String workerUrl, String serverKeys) {
    return start(bed, workerUrl, serverKeys, "");
  }

  /** Also with more top-level {@code sections} (YAML). */
  static BatonServer start(TestBed bed, String workerUrl, String serverKeys, String sections) {
    String yaml = """
        server:
          host: 127.0.0.1
          port: 0
        %s
        admin: {host: 127.0.0.1, port: 0}
        pools:
          - name: p
            models: [m]
            endpoints: [{url: "%s", role: both}]
        auth:
          keys: [{name: team-a, key: %s}]
        %s
        """.formatted(serverKeys, workerUrl, KEY, sections);
    return bed.baton(ConfigLoader.parse(yaml, "hardening.yaml"));
  }

  /**
   * A well-behaved client's completion, answered 200. It comes from another host (127.0.0.2) than
   * the floods: an address that keeps failing authentication is itself refused for a while
   * (auth.failuresPerMinute), which must not hide whether Baton still serves everyone else.
   */
  static void assertServed(BatonServer baton) {
    RawClient.Response r;
    try (RawClient client = RawClient.sendFrom(InetAddress.getByName("127.0.0.2"), baton.port(),
        "POST /v1/completions HTTP/1.1\r\nHost: baton\r\nContent-Type: application/json\r\n"
            + "Authorization: Bearer " + KEY + "\r\nContent-Length: " + BODY.length() + "\r\n",
        BODY)) {
      r = client.readResponse();
    } catch (Exception e) {
      throw new AssertionError("a normal request failed", e);
    }
    assertThat(r.status()).as("a normal request: %s", r.body()).isEqualTo(200);
  }
}
