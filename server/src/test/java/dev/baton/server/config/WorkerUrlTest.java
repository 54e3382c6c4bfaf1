package dev.baton.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.Role;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One identity for an endpoint, the same in validation and at runtime. */
class WorkerUrlTest {

  @Test
  void defaultPortsAndCaseAreOneWorker() {
    assertThat(WorkerUrl.parse("http://a")).isEqualTo(WorkerUrl.parse("http://A:80/"));
    assertThat(WorkerUrl.parse("https://a").port()).isEqualTo(443);
    assertThat(WorkerUrl.parse("http://10.0.0.7:8000").authority()).isEqualTo("10.0.0.7:8000");
  }

  @Test
  void unusableUrlsSayWhy() {
    assertThatThrownBy(() -> WorkerUrl.parse("ftp://a")).hasMessageContaining("http://");
    assertThatThrownBy(() -> WorkerUrl.parse("http://a:8000/v1")).hasMessageContaining("path");
    assertThatThrownBy(() -> WorkerUrl.parse("http:///x")).hasMessageContaining("host");
    assertThatThrownBy(() -> WorkerUrl.parse("http://a b")).hasMessageContaining("not a URL");
  }

  @Test
  void runtimeEndpointCarriesTheIdentityValidationChecked() {
    EndpointConfig implicit = new EndpointConfig("http://Worker", Role.BOTH, null, null);
    Endpoint endpoint = implicit.toEndpoint(Set.of("m"));
    assertThat(endpoint.id()).isEqualTo(implicit.identity()).isEqualTo("worker:80");
    assertThat(endpoint.baseUrl()).isEqualTo("http://worker:80");
    EndpointConfig named = new EndpointConfig("http://worker:80", Role.BOTH, "w1", null);
    assertThat(named.toEndpoint(Set.of("m")).id()).isEqualTo("w1");
  }

  @Test
  void theSameWorkerWrittenTwoWaysIsADuplicate() {
    String yaml = """
        pools:
          - name: p
            models: [m]
            endpoints:
              - url: http://a
              - url: http://a:80
        """;
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse(yaml, "baton.yaml", k -> null));
    assertThat(e.problems()).containsExactly(
        "baton.yaml:6:9: pools[0].endpoints[1]: duplicate endpoint in pool p (same id, or same host"
            + " and port: a:80)");
  }
}
