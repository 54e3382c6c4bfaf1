package dev.baton.server.kvevents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import dev.baton.sim.SimConfig;
import dev.baton.sim.kvevents.KvEventSettings;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two Baton replicas behind a client that alternates between them, each listening to every
 * worker's KV events: a conversation's turns (each resending the history) stay on one worker, as
 * both replicas read the same engines' word on where its prefix lives.
 */
class TwoReplicasTest {
  private static final int WORKERS = 3;
  private static final int CONVERSATIONS = 4;
  private static final int TURNS = 4;

  @RegisterExtension final TestBed bed = new TestBed();

  @Test
  void bothReplicasSendEachConversationToTheSameWorker() {
    EventFleet fleet = new EventFleet(bed);
    for (int i = 0; i < WORKERS; i++) {
      fleet.worker(SimConfig.defaults().withModel(TestConfigs.MODEL).withSpeed(200),
          KvEventSettings.onFreePorts());
    }
    BatonServer[] replicas = {fleet.baton(), fleet.baton()};
    StringBuilder[] histories = new StringBuilder[CONVERSATIONS];
    @SuppressWarnings("unchecked")
    Set<Integer>[] workersOf = new Set[CONVERSATIONS];
    int sent = 0;
    for (int turn = 0; turn < TURNS; turn++) {
      for (int c = 0; c < CONVERSATIONS; c++) {
        if (histories[c] == null) {
          histories[c] = new StringBuilder(EventFleet.text(500 + c, 120));
          workersOf[c] = new HashSet<>();
        }
        histories[c].append(' ').append(EventFleet.text(1000 * turn + c, 20));
        // The client alternates replicas request by request.
        BatonServer replica = replicas[sent++ % 2];
        workersOf[c].add(fleet.servedBy(replica.baseUrl(), histories[c].toString()));
        fleet.settled(replicas);
      }
    }
    for (int c = 0; c < CONVERSATIONS; c++) {
      assertThat(workersOf[c]).as("workers of conversation %d", c).hasSize(1);
    }
  }
}
