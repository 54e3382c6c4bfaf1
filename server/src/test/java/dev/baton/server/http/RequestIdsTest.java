package dev.baton.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void keepsASaneClientId() {
    assertThat(RequestIds.of("req-42")).isEqualTo("req-42");
    assertThat(RequestIds.of("A.b_c:d-9")).isEqualTo("A.b_c:d-9");
    String longest = "x".repeat(128);
    assertThat(RequestIds.of(longest)).isEqualTo(longest);
  }

  @Test
  void replacesAnIdThatIsNotASaneToken() {
    for (String bad : new String[] {"", "x".repeat(129), "a b", "a\nb", "a/b", "é", "a\"b"}) {
      String id = RequestIds.of(bad);
      assertThat(id).as("for %s", bad).isNotEqualTo(bad);
      assertThat(UUID.fromString(id).version()).isEqualTo(4);
    }
    assertThat(UUID.fromString(RequestIds.of((String) null)).version()).isEqualTo(4);
  }

  @Test
  void freshIdsAreDistinctVersionFourUuids() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = RequestIds.fresh();
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(uuid.toString()).isEqualTo(id);
      assertThat(seen.add(id)).isTrue();
    }
  }
}
