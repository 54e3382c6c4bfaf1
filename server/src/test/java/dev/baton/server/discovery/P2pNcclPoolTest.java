package dev.baton.server.discovery;

import static dev.baton.server.discovery.DiscoveredWorkers.ANSWER;
import static dev.baton.server.discovery.DiscoveredWorkers.BODY;
import static dev.baton.server.discovery.DiscoveredWorkers.ids;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.server.BatonServer;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code p2p-nccl} pool fed by the {@code p2p-nccl} source, as vLLM's xPyD example runs it with
 * Baton as the proxy: a prefill and a decode instance register over ZMQ, a request runs prefill then
 * decode under one {@code X-Request-Id} naming both instances' registered ZMQ addresses, and an
 * instance that stops registering leaves the pool.
 */
class P2pNcclPoolTest {
  private static final String ID =
      "___prefill_addr_127\\.0\\.0\\.1:21001___decode_addr_127\\.0\\.0\\.1:22001_[0-9a-f]{32}";

  @RegisterExtension final TestBed bed = new TestBed();
  private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopPinging() {
    pinger.shutdownNow();
  }

  @Test
  void registeredInstancesServeSplitRequestsUnderOnePairId() {
    List<String> prefillIds = new CopyOnWriteArrayList<>();
    List<String> decodeIds = new CopyOnWriteArrayList<>();
    int prefillPort = DiscoveredWorkers.start(bed, "127.0.0.1", 0, req -> {
      prefillIds.add(req.getHeader("x-request-id"));
      req.response().putHeader("content-type", "application/json").end(ANSWER);
    });
    int decodePort = DiscoveredWorkers.start(bed, "127.0.0.1", 0, req -> {
      decodeIds.add(req.getHeader("x-request-id"));
      req.response().putHeader("content-type", "application/json").end(ANSWER);
    });
    int registrationPort = freePort();
    BatonServer baton = bed.baton(ConfigLoader.parse("""
        server: {host: 127.0.0.1, port: 0}
        admin: {host: 127.0.0.1, port: 0}
        pools:
          - name: p
            models: [m]
            dialect: p2p-nccl
            disaggregation: {enabled: true}
            endpointSource: {type: p2p-nccl, host: 127.0.0.1, port: %d, expireAfter: 3s}
        """.formatted(registrationPort), "t.yaml", k -> null));

    RegisteringInstance prefill = new RegisteringInstance(registrationPort, "P",
        "127.0.0.1:" + prefillPort, "127.0.0.1:21001");
    RegisteringInstance decode = new RegisteringInstance(registrationPort, "D",
        "127.0.0.1:" + decodePort, "127.0.0.1:22001");
    bed.closeAfter(prefill::close);
    bed.closeAfter(decode::close);
    // Pings every 200 ms against a 3 s expiry: a loaded machine that delays a few pings must not
    // make an instance leave and rejoin while the test waits for both (it did with 1 s, load 29).
    ScheduledFuture<?> prefillPings =
        pinger.scheduleAtFixedRate(prefill::register, 0, 200, TimeUnit.MILLISECONDS);
    pinger.scheduleAtFixedRate(decode::register, 0, 200, TimeUnit.MILLISECONDS);
    Set<String> both = Set.of("127.0.0.1:" + prefillPort, "127.0.0.1:" + decodePort);
    Await.until("both instances joined and answered their health probe", () -> ids(baton)
        .equals(both) && baton.runtime().get().endpoints().allMatch(EndpointState::schedulable));

    HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/completions", BODY);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(prefillIds).hasSize(1);
    assertThat(prefillIds.get(0)).matches(ID);
    assertThat(decodeIds).containsExactly(prefillIds.get(0));

    prefillPings.cancel(false);
    Await.until("the silent prefill left the pool",
        () -> ids(baton).equals(Set.of("127.0.0.1:" + decodePort)));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
