package dev.baton.server.kvevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.BatonServer;
import dev.baton.server.admin.Chromium;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import dev.baton.sim.kvevents.KvEventSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin pools view, the stats the dashboard polls and the dashboard itself say which prefix view
 * decides each pool's matches: precise while a worker's KV events flow, approximate once they stop.
 */
class PrefixViewAdminTest {
  @RegisterExtension final TestBed bed = new TestBed();

  @Test
  void thePoolsViewFollowsTheEventsOfItsWorkers() throws Exception {
    EventFleet fleet = new EventFleet(bed);
    SimWorker worker = fleet.worker(SimConfig.defaults().withModel(TestConfigs.MODEL),
        KvEventSettings.onFreePorts());
    BatonServer baton = fleet.baton();

    JsonNode view = prefixView(baton, "/admin/pools");
    assertThat(view.get("view").asText()).isEqualTo("precise");
    assertThat(view.get("kvEvents").asBoolean()).isTrue();
    assertThat(view.get("liveEndpoints").asInt()).isOne();
    assertThat(view.get("tokenizer").asText()).isEqualTo("engine");
    assertThat(Http.json(Http.get(baton.adminUrl() + "/admin/stats").body())
        .at("/pools/0/prefixView/view").asText()).isEqualTo("precise");
    if (Chromium.find() != null) {
      assertThat(Chromium.dumpDom(baton.adminUrl() + "/dashboard", 3_000))
          .contains("data-prefix-view=\"precise\"", "1 endpoint publishing KV events");
    }

    // The engine dies: its replay probe goes unanswered and the pool falls back.
    Await.get(worker.close());
    Await.until("the pool falls back to the approximate view",
        () -> prefixView(baton, "/admin/pools").get("view").asText().equals("approximate"));
    assertThat(prefixView(baton, "/admin/pools").get("liveEndpoints").asInt()).isZero();
    assumeTrue(Chromium.find() != null, "chromium is not installed");
    assertThat(Chromium.dumpDom(baton.adminUrl() + "/dashboard", 3_000))
        .contains("data-prefix-view=\"approximate\"", "no KV events flowing");
  }

  private static JsonNode prefixView(BatonServer baton, String path) {
    return Http.json(Http.get(baton.adminUrl() + path).body()).at("/0/prefixView");
  }
}
