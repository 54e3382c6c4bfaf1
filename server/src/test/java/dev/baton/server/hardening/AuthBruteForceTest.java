package dev.baton.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.transfer.testing.RawClient;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.server.testing.TestBed;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guessing keys at about 10,000 tries a second was free; now each client address has a budget of
 * failed attempts, after which it gets 429 before its key is looked at, while other addresses are
 * served as usual.
 */
class AuthBruteForceTest {
  private static final int GUESSES = 300;

  @RegisterExtension final TestBed bed = new TestBed();

  private static String chatWithKey(String key) {
    return "POST /v1/chat/completions HTTP/1.1"
        + (key == null ? "" : "\r\nAuthorization: Bearer " + key);
  }

  @Test
  void anAddressThatKeepsFailingIsRefusedAndOthersAreServed() throws Exception {
    ScriptedWorker worker = bed.worker(Hostile::ok);
    BatonServer baton = bed.baton(Hostile.config(worker, """
        auth: {keys: [{name: team, key: right-key}], failuresPerMinute: 5}
        """));
    // The neighbour (another host, 127.0.0.2) with the right key.
    Map<String, String> rightKey = Map.of("authorization", "Bearer right-key");
    Hostile.normalChatServed(baton, worker, rightKey);
    Baseline baseline = Baseline.take("auth brute force", baton);
    InetAddress attacker = InetAddress.getByName("127.0.0.1");
    for (int i = 0; i < 5; i++) {
      String key = i % 2 == 0 ? "guess-" + i : null;
      RawClient.Response r = Hostile.rawFrom(attacker, baton, chatWithKey(key), Hostile.CHAT);
      assertThat(r.status()).as("attempt " + i).isEqualTo(401);
    }
    // 300 more tries, the right key among them: refused before any key is looked at, while the
    // neighbour is served as if nothing happened.
    for (int i = 0; i < GUESSES; i++) {
      String key = switch (i % 3) {
        case 0 -> "guess-again-" + i;
        case 1 -> null;
        default -> "right-key";
      };
      RawClient.Response r = Hostile.rawFrom(attacker, baton, chatWithKey(key), Hostile.CHAT);
      assertThat(r.status()).as(String.valueOf(key)).isEqualTo(429);
      assertThat(Long.parseLong(r.header("retry-after"))).isPositive();
      assertThat(Hostile.error(r).get("code").asText()).isEqualTo("too_many_auth_failures");
      if (i % 30 == 29) {
        Hostile.normalChatServed(baton, worker, rightKey);
      }
    }
    assertThat(worker.requests.get()).as("only the neighbour's requests reached the worker")
        .isEqualTo(1 + GUESSES / 30);
    baseline.assertReturned();
    Hostile.normalChatServed(baton, worker, rightKey);
  }

  @Test
  void successfulRequestsCostNothing() throws Exception {
    ScriptedWorker worker = bed.worker(Hostile::ok);
    BatonServer baton = bed.baton(Hostile.config(worker, """
        auth: {keys: [{name: team, key: right-key}], failuresPerMinute: 2}
        """));
    for (int i = 0; i < 10; i++) {
      assertThat(Hostile.raw(baton, chatWithKey("right-key"), Hostile.CHAT).status()).isEqualTo(200);
    }
    assertThat(Hostile.raw(baton, chatWithKey("wrong"), Hostile.CHAT).status()).isEqualTo(401);
    assertThat(Hostile.raw(baton, chatWithKey("right-key"), Hostile.CHAT).status()).isEqualTo(200);
    assertThat(worker.requests.get()).isEqualTo(11);
  }

  @Test
  void theAdminTokenCannotBeGuessedAtNetworkSpeedEither() throws Exception {
    ScriptedWorker worker = bed.worker(Hostile::ok);
    BatonServer baton = bed.baton(dev.baton.server.config.ConfigLoader.parse("""
        server: {host: 127.0.0.1, port: 0}
        admin: {host: 127.0.0.1, port: 0, token: admin-secret}
        pools: [{name: p, models: [m], endpoints: [{url: "%s", role: both}]}]
        """.formatted(worker.url()), "baton.yaml"));
    InetAddress attacker = InetAddress.getByName("127.0.0.1");
    for (int i = 0; i < 30; i++) {
      assertThat(admin(attacker, baton, "guess-" + i).status()).as("attempt " + i).isEqualTo(401);
    }
    RawClient.Response refused = admin(attacker, baton, "admin-secret");
    assertThat(refused.status()).isEqualTo(429);
    assertThat(Long.parseLong(refused.header("retry-after"))).isPositive();
    assertThat(admin(InetAddress.getByName("127.0.0.2"), baton, "admin-secret").status())
        .isEqualTo(200);
    Hostile.normalChatServed(baton, worker, Map.of());
  }

  private static RawClient.Response admin(InetAddress from, BatonServer baton, String token)
      throws Exception {
    try (RawClient client = RawClient.sendFrom(from, baton.adminPort(),
        "GET /admin/pools HTTP/1.1\r\nHost: baton\r\nAuthorization: Bearer " + token + "\r\n",
        "")) {
      return client.readResponse();
    }
  }
}
