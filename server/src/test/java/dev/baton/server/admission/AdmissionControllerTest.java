package dev.baton.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.testing.Await;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admission queue's order: priority classes first, tenants round-robin within a class. */
class AdmissionControllerTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void tearDown() {
    Await.get(vertx.close());
  }

  private AdmissionController controller(int maxInFlight, int maxQueue, Duration timeout) {
    return new AdmissionController(vertx,
        new AdmissionConfig(maxInFlight, Map.of("small", 1), maxQueue, timeout, null, null, null, null));
  }

  @Test
  void aFullQueueIsRefusedAtOnce() {
    AdmissionController c = controller(1, 1, Duration.ofMinutes(1));
    Permit first = Await.get(c.admit("p", "t", 1).permit());
    AdmissionController.Ticket queued = c.admit("p", "t", 1);
    assertThat(c.queued()).isEqualTo(1);
    AdmissionController.Ticket refused = c.admit("p", "t", 1);
    assertThat(refused.permit().failed()).isTrue();
    assertThat(refused.permit().cause()).isInstanceOf(AdmissionRejected.class);
    first.release();
    Await.get(queued.permit()).release();
    assertThat(c.inFlight()).isZero();
    assertThat(c.queued()).isZero();
  }

  @Test
  void aWaitPastTheDeadlineIsRefused() {
    AdmissionController c = controller(1, 5, Duration.ofMillis(200));
    Permit first = Await.get(c.admit("p", "t", 1).permit());
    AdmissionController.Ticket waiting = c.admit("p", "t", 1);
    Await.until("deadline passed", () -> waiting.permit().failed());
    assertThat(((AdmissionRejected) waiting.permit().cause()).retryAfter())
        .isEqualTo(Duration.ofMillis(200));
    assertThat(c.queued()).isZero();
    first.release();
    assertThat(c.inFlight()).isZero();
  }

  @Test
  void withinATenantTheEarliestTtftDeadlineGoesFirst() {
    AdmissionController c = controller(1, 100, Duration.ofMinutes(1));
    Permit holder = Await.get(c.admit("p", "t", 1).permit());
    List<String> order = new CopyOnWriteArrayList<>();
    long now = System.nanoTime();
    // Arrival order: none, late, early, none again, same early deadline; deadlines in nanoTime.
    Object[][] arrivals = {{"none1", Long.MAX_VALUE}, {"late", now + 5_000_000_000L},
        {"early1", now + 1_000_000_000L}, {"none2", Long.MAX_VALUE},
        {"early2", now + 1_000_000_000L}};
    for (Object[] arrival : arrivals) {
      c.admit("p", "t", 1, (Long) arrival[1]).permit().onSuccess(p -> {
        order.add((String) arrival[0]);
        p.release();
      });
    }
    holder.release();
    Await.until("all served", () -> order.size() == arrivals.length);
    assertThat(order).containsExactly("early1", "early2", "late", "none1", "none2");
  }

  @Test
  void aNegativePriorityIsTheLowestClassAndSheddable() {
    AdmissionConfig config = AdmissionConfig.DEFAULTS;
    assertThat(config.priorityOf("-1")).isEqualTo(config.priorities().size() - 1);
    assertThat(AdmissionConfig.sheddable(" -3 ")).isTrue();
    assertThat(AdmissionConfig.sheddable("-0")).isFalse();
    assertThat(AdmissionConfig.sheddable("low")).isFalse();
    assertThat(AdmissionConfig.sheddable(null)).isFalse();
  }

  @Test
  void higherClassesAreServedFirstAndTenantsTakeTurns() {
    AdmissionController c = controller(1, 100, Duration.ofMinutes(1));
    Permit holder = Await.get(c.admit("p", "x", 0).permit());
    List<String> order = new CopyOnWriteArrayList<>();
    List<AdmissionController.Ticket> tickets = new ArrayList<>();
    // Tenant a floods the normal class first; b and c arrive later; one high and one low request.
    String[][] arrivals = {
        {"a", "1"}, {"a", "1"}, {"a", "1"}, {"a", "1"}, {"b", "1"}, {"c", "1"}, {"b", "1"},
        {"z", "2"}, {"h", "0"}};
    for (String[] arrival : arrivals) {
      String name = arrival[0] + arrival[1];
      AdmissionController.Ticket t = c.admit("p", arrival[0], Integer.parseInt(arrival[1]));
      t.permit().onSuccess(p -> {
        order.add(name);
        p.release();
      });
      tickets.add(t);
    }
    assertThat(c.queued()).isEqualTo(arrivals.length);
    holder.release();
    Await.until("all served", () -> order.size() == arrivals.length);
    assertThat(order).containsExactly("h0", "a1", "b1", "c1", "a1", "b1", "a1", "a1", "z2");
    assertThat(c.inFlight()).isZero();
  }

  @Test
  void aPoolLimitHoldsOnlyThatPoolsRequests() {
    AdmissionController c = controller(10, 10, Duration.ofMinutes(1));
    Permit small = Await.get(c.admit("small", "t", 1).permit());
    AdmissionController.Ticket blocked = c.admit("small", "t", 1);
    assertThat(blocked.permit().isComplete()).isFalse();
    Permit other = Await.get(c.admit("big", "t", 1).permit());
    assertThat(other).isNotNull();
    other.release();
    assertThat(blocked.permit().isComplete()).as("still waiting for its own pool").isFalse();
    small.release();
    Await.get(blocked.permit()).release();
    assertThat(c.inFlight()).isZero();
  }

  @Test
  void aClientLeavingTheQueueGivesUpItsPlace() {
    AdmissionController c = controller(1, 10, Duration.ofMinutes(1));
    Permit first = Await.get(c.admit("p", "t", 1).permit());
    AdmissionController.Ticket leaving = c.admit("p", "t", 1);
    AdmissionController.Ticket staying = c.admit("p", "t", 1);
    leaving.cancel();
    assertThat(c.queued()).isEqualTo(1);
    first.release();
    Await.get(staying.permit()).release();
    assertThat(leaving.permit().failed()).isTrue();
    assertThat(c.inFlight()).isZero();
  }

  @Test
  void aReloadKeepsQueuedRequestsAndAdmitsThemWhenLimitsRise() {
    AdmissionController c = controller(1, 10, Duration.ofMinutes(1));
    Permit first = Await.get(c.admit("p", "t", 1).permit());
    AdmissionController.Ticket queued = c.admit("p", "t", 2);
    assertThat(c.queued()).isEqualTo(1);
    // Four priority classes now, and room for two: the queued request goes in, nobody is lost.
    c.reconfigure(new AdmissionConfig(2, Map.of(), 10, Duration.ofMinutes(1), null,
        java.util.List.of("top", "high", "normal", "low"), "normal", null));
    Permit second = Await.get(queued.permit());
    assertThat(c.inFlight()).isEqualTo(2);
    assertThat(c.queued()).isZero();
    assertThat(c.admit("p", "t", 3).permit().isComplete()).as("at the new limit: queued").isFalse();
    // Limits that fall admit nobody new until permits are released.
    c.reconfigure(new AdmissionConfig(1, Map.of(), 10, Duration.ofMinutes(1), null, null, null,
        null));
    first.release();
    assertThat(c.inFlight()).isEqualTo(1);
    assertThat(c.queued()).isEqualTo(1);
    second.release();
    Await.until("the waiter of the fourth class is served", () -> c.inFlight() == 1
        && c.queued() == 0);
  }
}
