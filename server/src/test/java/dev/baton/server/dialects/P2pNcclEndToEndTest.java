package dev.baton.server.dialects;

import static dev.baton.server.dialects.SimulatedPair.MODEL;
import static dev.baton.server.dialects.SimulatedPair.PROMPT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.server.BatonServer;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Baton as the proxy of a simulated vLLM P2P-NCCL xPyD fleet: the instances register with Baton's
 * {@code p2p-nccl} source over ZMQ, a request runs prefill then decode under one id naming both, the
 * decode takes the prefill's KV from the address the id names, and an instance that stops
 * registering leaves the pool.
 */
class P2pNcclEndToEndTest {
  @RegisterExtension final TestBed bed = new TestBed();

  @Test
  void registeredSimulatorsHandTheKvOverUnderThePairsId() {
    int registration = freePort();
    BatonServer baton = bed.baton(ConfigLoader.parse("""
        server: {host: 127.0.0.1, port: 0}
        admin: {host: 127.0.0.1, port: 0}
        pools:
          - name: xpyd
            models: [%s]
            dialect: p2p-nccl
            disaggregation: {enabled: true}
            endpointSource: {type: p2p-nccl, host: 127.0.0.1, port: %d, expireAfter: 2s}
        """.formatted(MODEL, registration), "t.yaml", k -> null));
    SimConfig config = SimConfig.defaults().withSpeed(50);
    SimWorker prefill = Await.get(SimWorker.start(bed.vertx(), config));
    SimWorker decode = Await.get(SimWorker.start(bed.vertx(), config));
    bed.closeAfter(() -> Await.get(prefill.close()));
    bed.closeAfter(() -> Await.get(decode.close()));
    prefill.registerWithP2pNcclProxy("127.0.0.1:" + registration, "P", Duration.ofMillis(200));
    decode.registerWithP2pNcclProxy("127.0.0.1:" + registration, "D", Duration.ofMillis(200));
    Await.until("both instances joined and answered their health probe", () ->
        baton.runtime().get().endpoints().count() == 2
            && baton.runtime().get().endpoints().allMatch(EndpointState::schedulable));

    HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/chat/completions",
        "{\"model\":\"" + MODEL + "\",\"stream\":true,\"max_tokens\":8,\"ignore_eos\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"finish_reason\":\"length\"").endsWith("data: [DONE]\n\n");
    assertThat(decode.stats().kvTransfersIn()).isEqualTo(1);
    assertThat(decode.stats().localPrefillFallbacks()).isZero();
    assertThat(prefill.stats().requestsCompleted()).isEqualTo(1);
    Await.until("the prefill's KV was taken", () -> prefill.stats().heldBlocks() == 0);

    prefill.stopRegistering();
    Await.until("the silent prefill left the pool",
        () -> baton.runtime().get().endpoints().count() == 1);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
