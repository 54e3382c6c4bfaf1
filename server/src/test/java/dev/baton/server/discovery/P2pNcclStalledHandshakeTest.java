package dev.baton.server.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.testing.Await;
import dev.baton.server.testing.TestBed;
import dev.baton.sim.handoff.P2pNcclRegistrar;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A simulated P2P-NCCL instance whose first connection to the proxy never completes its ZMTP
 * handshake, as JeroMQ 0.6 sometimes leaves a connection it has just made (its poller stops
 * watching the socket; zeromq/jeromq#1022), gives that connection up at the registrar's handshake
 * deadline and joins over the next one, instead of staying unheard for JeroMQ's default 30 s. The
 * stall is played by a relay in front of the registration socket that takes the first connection's
 * greeting and answers nothing, then passes later connections through.
 */
class P2pNcclStalledHandshakeTest {
  @RegisterExtension final TestBed bed = new TestBed();

  @Test
  void anInstanceWhoseFirstConnectionStallsJoinsOverTheNext() {
    P2pNcclRegistrationSource source = P2pNcclRegistrationSource.start(
        new P2pNcclSourceParameters("127.0.0.1", 0, Duration.ofSeconds(10)));
    bed.closeAfter(() -> Await.get(source.close()));
    AtomicInteger connections = new AtomicInteger();
    NetClient toSource = bed.vertx().createNetClient();
    NetServer relay = bed.vertx().createNetServer().connectHandler(in -> {
      if (connections.incrementAndGet() == 1) {
        in.handler(greeting -> { });
        return;
      }
      in.pause();
      toSource.connect(source.port(), "127.0.0.1")
          .onSuccess(out -> {
            out.pipeTo(in);
            in.pipeTo(out);
          })
          .onFailure(err -> in.close());
    });
    Await.get(relay.listen(0, "127.0.0.1"));
    bed.closeAfter(() -> Await.get(relay.close()));

    P2pNcclRegistrar registrar = new P2pNcclRegistrar("127.0.0.1:" + relay.actualPort(), "P",
        "127.0.0.1:8100", "127.0.0.1:21001", Duration.ofMillis(200));
    bed.closeAfter(registrar::close);

    // Bounded well under JeroMQ's own 30 s handshake deadline, which this test would otherwise wait.
    Await.until("the instance joined over its second connection",
        () -> source.endpoints().size() == 1, Duration.ofSeconds(15));
    assertThat(connections).as("connections the relay accepted").hasValueGreaterThanOrEqualTo(2);
    assertThat(source.endpoints().get(0).url()).isEqualTo("http://127.0.0.1:8100");
  }
}
