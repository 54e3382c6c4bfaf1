package dev.baton.server.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.router.endpoint.Role;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.testing.Await;
import dev.baton.transfer.handoff.P2pNcclDialect;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code p2p-nccl} source over a real ZMQ socket: instances registering from DEALER sockets
 * become endpoints with their role and ZMQ address, garbage is ignored, and an instance that stops
 * registering is dropped while one that keeps registering stays.
 */
class P2pNcclRegistrationSourceTest {
  private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
  private P2pNcclRegistrationSource source;

  @AfterEach
  void stop() {
    pinger.shutdownNow();
    if (source != null) {
      Await.get(source.close());
    }
  }

  private static EndpointConfig endpoint(String http, Role role, String zmq) {
    return new EndpointConfig("http://" + http, role, null,
        Map.of(P2pNcclDialect.ZMQ_ADDRESS_LABEL, zmq));
  }

  @Test
  void instancesRegisteringBecomeEndpointsAndSilentOnesExpire() {
    source = P2pNcclRegistrationSource.start(
        // The prefill registers once and must still be there when the decode has joined: an expiry
        // of 600 ms was shorter than a busy machine took to get there (it failed in CI once).
        new P2pNcclSourceParameters("127.0.0.1", 0, Duration.ofSeconds(3)));
    assertThat(source.whenReady().succeeded()).as("ready once bound, before any instance").isTrue();
    assertThat(source.endpoints()).isEmpty();
    List<List<EndpointConfig>> published = new CopyOnWriteArrayList<>();
    source.onChange(published::add);

    try (RegisteringInstance prefill = new RegisteringInstance(source.port(), "P", "10.0.0.1:8100",
            "10.0.0.1:21001");
        RegisteringInstance decode = new RegisteringInstance(source.port(), "D", "10.0.0.2:8200",
            "10.0.0.2:22001")) {
      prefill.register();
      Await.until("the prefill registered", () -> source.endpoints().size() == 1);
      assertThat(source.endpoints()).containsExactly(
          endpoint("10.0.0.1:8100", Role.PREFILL, "10.0.0.1:21001"));
      assertThat(source.endpoints().get(0).toEndpoint(java.util.Set.of("m")).labels())
          .containsEntry("zmq_address", "10.0.0.1:21001");

      decode.sendRaw("not msgpack".getBytes(StandardCharsets.UTF_8));
      decode.sendRaw(RegisteringInstance.pack("X", "10.0.0.9:8000", "10.0.0.9:1"));
      decode.sendRaw(RegisteringInstance.pack("D", "no-port", "10.0.0.9:1"));
      // The decode keeps registering (faster than the engine's 3 s, to fit the short expiry).
      AtomicInteger pings = new AtomicInteger();
      pinger.scheduleAtFixedRate(() -> {
        decode.register();
        pings.incrementAndGet();
      }, 0, 100, TimeUnit.MILLISECONDS);
      Await.until("the decode registered", () -> source.endpoints().size() == 2);
      assertThat(source.endpoints()).containsExactlyInAnyOrder(
          endpoint("10.0.0.1:8100", Role.PREFILL, "10.0.0.1:21001"),
          endpoint("10.0.0.2:8200", Role.DECODE, "10.0.0.2:22001"));

      Await.until("the silent prefill expired", () -> source.endpoints().size() == 1);
      assertThat(source.endpoints()).containsExactly(
          endpoint("10.0.0.2:8200", Role.DECODE, "10.0.0.2:22001"));
      assertThat(published.get(published.size() - 1)).isEqualTo(source.endpoints());
      int changes = published.size();
      // Repeated registrations of a known instance publish nothing new.
      int pinged = pings.get();
      Await.until("three more decode registrations", () -> pings.get() >= pinged + 3);
      assertThat(published).hasSize(changes);
    }
  }

  @Test
  void aPortInUseFailsAtStart() {
    source = P2pNcclRegistrationSource.start(
        new P2pNcclSourceParameters("127.0.0.1", 0, Duration.ofSeconds(1)));
    IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
        () -> P2pNcclRegistrationSource.start(
            new P2pNcclSourceParameters("127.0.0.1", source.port(), Duration.ofSeconds(1))));
    assertThat(e).hasMessageContaining("cannot bind");
  }

  @Test
  void parametersNeedAPortAndASensibleExpiry() {
    assertThat(catchThrowableOfType(IllegalArgumentException.class,
        () -> new P2pNcclSourceParameters(null, null, null))).hasMessageContaining("port");
    assertThat(catchThrowableOfType(IllegalArgumentException.class,
        () -> new P2pNcclSourceParameters(null, 30001, Duration.ofMillis(10))))
        .hasMessageContaining("expireAfter");
    assertThat(new P2pNcclSourceParameters(null, 30001, null))
        .isEqualTo(new P2pNcclSourceParameters("0.0.0.0", 30001, Duration.ofSeconds(10)));
  }
}
