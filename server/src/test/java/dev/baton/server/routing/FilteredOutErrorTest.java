package dev.baton.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.BatonServer;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A label selector that leaves no candidate says so in the client's 503, naming the filter, rather
 * than claiming no healthy worker: the worker is healthy, the selector turned it away.
 */
class FilteredOutErrorTest {

  @RegisterExtension final TestBed bed = new TestBed();

  @Test
  void theErrorNamesTheFilterThatLeftNoCandidate() {
    SimWorker worker = bed.sim(SimConfig.defaults().withModel("m").withSpeed(100));
    BatonServer filtered = bed.baton(ConfigLoader.parse(yaml(worker, "b"), "baton.yaml", k -> null));
    HttpResponse<String> refused = send(filtered);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    JsonNode error = Http.error(refused);
    assertThat(error.get("code").asText()).isEqualTo("no_matching_worker");
    assertThat(error.get("message").asText()).contains("'zone-b-only'").contains("'decode'")
        .doesNotContain("healthy");
    assertThat(worker.stats().requestsReceived()).isZero();

    BatonServer matching = bed.baton(ConfigLoader.parse(yaml(worker, "a"), "baton.yaml", k -> null));
    HttpResponse<String> served = send(matching);
    assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
  }

  private static HttpResponse<String> send(BatonServer baton) {
    return Http.post(baton.baseUrl() + "/v1/completions",
        "{\"model\":\"m\",\"prompt\":\"hello\",\"max_tokens\":2}");
  }

  /** One worker labelled zone a; the decode profile keeps zone {@code zone} only. */
  private static String yaml(SimWorker worker, String zone) {
    return TestConfigs.onePoolYaml(worker.baseUrl(), "", """
        scheduling:
          plugins:
            - {name: zone-b-only, type: label-selector, parameters: {matchLabels: {zone: %s}}}
            - {type: queue-depth}
            - {type: max-score}
          schedulingProfiles:
            - name: decode
              plugins:
                - {pluginRef: zone-b-only}
                - {pluginRef: queue-depth, weight: 1}
                - {pluginRef: max-score}
        """.formatted(zone)).replace("role: both}", "role: both, labels: {zone: a}}");
  }
}
