package dev.baton.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.server.BatonServer;
import dev.baton.server.cli.DemoCommand;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.server.testing.TestBed;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code baton demo} (no keys, no admin token) listened on every interface while printing
 * 127.0.0.1 URLs; now it binds loopback unless told otherwise. {@code baton serve} says loudly when
 * its admin listener is open to the network without a token.
 */
class ExposureTest {
  @RegisterExtension final TestBed bed = new TestBed();

  /** An IPv4 address of this machine other than loopback, if it has one. */
  private static Optional<InetAddress> networkAddress() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean accepts(InetAddress address, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), 2_000);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static void chatServed(BatonServer baton) {
    String chat = "{\"model\":\"" + baton.runtime().get().config().pools().get(0).models().get(0)
        + "\",\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    var r = Http.post(baton.baseUrl() + "/v1/chat/completions", chat);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void theDemoListensOnLoopbackUnlessToldOtherwise() throws Exception {
    Optional<InetAddress> network = networkAddress();
    assumeTrue(network.isPresent(), "this machine has no network address to probe from");
    DemoCommand.Demo demo =
        Await.get(DemoCommand.start(bed.vertx(), DemoCommand.builtIn(), 0, 0, 20));
    try {
      assertThat(accepts(InetAddress.getLoopbackAddress(), demo.baton().port())).isTrue();
      assertThat(accepts(network.get(), demo.baton().port())).isFalse();
      assertThat(accepts(network.get(), demo.baton().adminPort())).isFalse();
      chatServed(demo.baton());
    } finally {
      Await.get(demo.close());
    }
    DemoCommand.Demo open = Await.get(DemoCommand.start(bed.vertx(), DemoCommand.builtIn(),
        "0.0.0.0", 0, 0, 0, 20));
    try {
      assertThat(accepts(network.get(), open.baton().port())).isTrue();
      chatServed(open.baton());
    } finally {
      Await.get(open.close());
    }
  }

  private BatonServer serve(ScriptedWorker worker, String admin) {
    return bed.baton(ConfigLoader.parse("""
        server: {host: 127.0.0.1, port: 0}
        admin: %s
        pools: [{name: p, models: [m], endpoints: [{url: "%s", role: both}]}]
        """.formatted(admin, worker.url()), "baton.yaml"));
  }

  @Test
  void anOpenAdminListenerWithoutATokenIsWarnedAboutAtStart() throws Exception {
    ScriptedWorker worker = bed.worker(Hostile::ok);
    try (LogCapture log = new LogCapture("dev.baton.server.admin.AdminServer")) {
      serve(worker, "{host: 127.0.0.1, port: 0}");
      serve(worker, "{host: 0.0.0.0, port: 0, token: s3cret}");
      assertThat(log.lines()).noneMatch(l -> l.contains("WITHOUT A TOKEN"));
      BatonServer open = serve(worker, "{host: 0.0.0.0, port: 0}");
      assertThat(log.lines()).anyMatch(l -> l.startsWith("WARNING")
          && l.contains("0.0.0.0:0 WITHOUT A TOKEN") && l.contains("admin.token"));
      Hostile.normalChatServed(open, worker, Map.of());
    }
  }
}
