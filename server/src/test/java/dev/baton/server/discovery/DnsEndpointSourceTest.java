package dev.baton.server.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static dev.baton.server.discovery.DiscoveredWorkers.ANSWER;
import static dev.baton.server.discovery.DiscoveredWorkers.BODY;
import static dev.baton.server.discovery.DiscoveredWorkers.ids;
import static dev.baton.server.discovery.DiscoveredWorkers.send;

import dev.baton.server.BatonServer;
import dev.baton.server.config.ConfigException;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code dns} source against a DNS server on loopback, with workers on one port at different
 * loopback addresses (as pods behind a headless Service): requests follow the addresses the name
 * resolves to, a vanished name empties the pool, and a silent DNS server keeps the last list.
 */
class DnsEndpointSourceTest {
  private static final String NAME = "vllm.llm.svc.cluster.local";

  @RegisterExtension final TestBed bed = new TestBed();

  @Test
  void requestsFollowTheAddressesTheNameResolvesTo() {
    AtomicInteger two = new AtomicInteger();
    AtomicInteger three = new AtomicInteger();
    int port = worker("127.0.0.2", 0, two);
    worker("127.0.0.3", port, three);
    LoopbackDns dns = bed.closeAfter(LoopbackDns.start(bed.vertx()));
    dns.set(NAME, List.of("127.0.0.2"));
    BatonServer baton = bed.baton(ConfigLoader.parse(yaml(dns, port), "t.yaml", k -> null));

    send(baton, 5);
    assertThat(two.get()).isEqualTo(5);

    dns.set(NAME, List.of("127.0.0.2", "127.0.0.3"));
    Await.until("both addresses are endpoints",
        () -> ids(baton).equals(Set.of("127.0.0.2:" + port, "127.0.0.3:" + port)));
    send(baton, 20);
    assertThat(two.get() + three.get()).isEqualTo(25);
    assertThat(three.get()).as("requests to the address that appeared").isPositive();

    dns.set(NAME, List.of("127.0.0.3", "::1"));
    Await.until("127.0.0.2 left, ::1 came",
        () -> ids(baton).equals(Set.of("127.0.0.3:" + port, "[0:0:0:0:0:0:0:1]:" + port)));
    int twoBefore = two.get();
    dns.set(NAME, List.of("127.0.0.3"));
    Await.until("only 127.0.0.3", () -> ids(baton).equals(Set.of("127.0.0.3:" + port)));
    send(baton, 5);
    assertThat(two.get()).as("requests to the address that left").isEqualTo(twoBefore);

    dns.mute = true;
    int asked = dns.queries.get();
    Await.until("two rounds went unanswered", () -> dns.queries.get() >= asked + 4);
    assertThat(ids(baton)).as("a silent DNS server keeps the last list")
        .containsExactly("127.0.0.3:" + port);

    dns.mute = false;
    dns.remove(NAME);
    Await.until("a name that no longer exists empties the pool", () -> ids(baton).isEmpty());
    assertThat(Http.post(baton.baseUrl() + "/v1/completions", BODY).statusCode()).isEqualTo(503);
  }

  @Test
  void missingOrWrongSettingsAreConfigErrors() {
    ConfigException noPort = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(
        yaml(null, 0).replace(", port: 0", ""), "t.yaml", k -> null));
    assertThat(noPort.problems()).containsExactly(
        "t.yaml:6:5: pools[0].endpointSource: port is required, 1..65535 (the workers' port)");
    ConfigException withList = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(
        yaml(null, 8000) + "    endpoints: [{url: \"http://127.0.0.1:8000\"}]\n", "t.yaml",
        k -> null));
    assertThat(withList.problems()).anySatisfy(p -> assertThat(p)
        .contains("pools[0].endpoints: a pool with endpoint source type dns discovers"));
    ConfigException badInterval = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse(yaml(null, 8000).replace("interval: 200ms", "interval: 1ms"),
            "t.yaml", k -> null));
    assertThat(badInterval.problems()).containsExactly(
        "t.yaml:6:5: pools[0].endpointSource: interval must be at least 100ms");
  }

  private static String yaml(LoopbackDns dns, int port) {
    return TestConfigs.sourcedPoolYaml("{type: dns, name: %s, port: %d, interval: 200ms%s}"
        .formatted(NAME, port, dns == null ? "" : ", server: \"" + dns.hostPort() + "\""));
  }

  private int worker(String host, int port, AtomicInteger completions) {
    return DiscoveredWorkers.start(bed, host, port, req -> {
      completions.incrementAndGet();
      req.response().putHeader("content-type", "application/json").end(ANSWER);
    });
  }
}
