package dev.baton.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.server.BatonServer;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimWorker;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code scheduling.sessionHeader} names the header that carries the session key: requests carrying
 * it stick to one worker, while the built-in default name is then just another header, and requests
 * carrying only it spread like any others (the default profile spreads new prompts).
 */
class SessionHeaderTest {
  private static final int REQUESTS = 6;

  @RegisterExtension final TestBed bed = new TestBed();

  @Test
  void theConfiguredHeaderBindsASessionAndTheDefaultNameNoLonger() {
    SimWorker one = bed.sim(SimConfig.defaults().withModel(TestConfigs.MODEL).withSpeed(100));
    SimWorker two = bed.sim(SimConfig.defaults().withModel(TestConfigs.MODEL).withSpeed(100));
    BatonConfig base = TestConfigs.aggregated(one.baseUrl(), two.baseUrl());
    SchedulingConfig defaults = SchedulingConfig.defaults();
    BatonServer baton = bed.baton(base.toBuilder().scheduling(
        new SchedulingConfig(defaults.plugins(), defaults.schedulingProfiles(), "x-conversation"))
        .build());

    RequestTally tally = RequestTally.of(one, two);
    send(baton, SchedulingConfig.DEFAULT_SESSION_HEADER, "q");
    long[] spread = tally.since();
    assertThat(Math.min(spread[0], spread[1])).as("x-session-id is no session header here")
        .isPositive();

    tally = RequestTally.of(one, two);
    send(baton, "x-conversation", "p");
    long[] sticky = tally.since();
    assertThat(Math.max(sticky[0], sticky[1])).as("one conversation, one worker")
        .isEqualTo(REQUESTS);
  }

  /** Distinct prompts longer than a prefix block, in one session, one at a time. */
  private static void send(BatonServer baton, String header, String prefix) {
    for (int i = 0; i < REQUESTS; i++) {
      HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/completions",
          Http.JSON.createObjectNode().put("model", TestConfigs.MODEL)
              .put("prompt", (prefix + i + " ").repeat(40)).put("max_tokens", 2).toString(),
          Map.of(header, "conversation-1"));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
  }
}
