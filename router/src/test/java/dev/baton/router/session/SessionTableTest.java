package dev.baton.router.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionTableTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void remembersTheLastEndpointOfASession() {
    SessionTable table = new SessionTable(10, 60 * SECOND);
    table.bind("s1", "a", 0);
    table.bind("s1", "b", SECOND);
    table.bind("s2", "c", SECOND);
    assertThat(table.endpointOf("s1", 2 * SECOND)).isEqualTo("b");
    assertThat(table.endpointOf("s2", 2 * SECOND)).isEqualTo("c");
    assertThat(table.endpointOf("s3", 2 * SECOND)).isNull();
  }

  @Test
  void forgetsIdleSessions() {
    SessionTable table = new SessionTable(10, 60 * SECOND);
    table.bind("s1", "a", 0);
    assertThat(table.endpointOf("s1", 60 * SECOND)).isEqualTo("a");
    assertThat(table.endpointOf("s1", 61 * SECOND)).isNull();
  }

  @Test
  void staysWithinCapacityPreferringToDropIdleSessions() {
    SessionTable table = new SessionTable(100, 60 * SECOND);
    for (int i = 0; i < 50; i++) {
      table.bind("old" + i, "a", 0);
    }
    long now = 120 * SECOND;
    for (int i = 0; i < 1_000; i++) {
      table.bind("new" + i, "b", now);
      assertThat(table.size()).isLessThanOrEqualTo(100);
    }
    assertThat(table.endpointOf("new999", now)).isEqualTo("b");
  }

  @Test
  void limitsChangeInPlaceKeepingBindings() {
    SessionTable table = new SessionTable(10, 60 * SECOND);
    table.bind("s1", "a", 0);
    table.limits(20, 10 * SECOND);
    assertThat(table.endpointOf("s1", 5 * SECOND)).isEqualTo("a");
    assertThat(table.endpointOf("s1", 11 * SECOND)).isNull();
  }
}
