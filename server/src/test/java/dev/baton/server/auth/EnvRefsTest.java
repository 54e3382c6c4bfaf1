package dev.baton.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvRefsTest {

  @Test
  void expandsReferencesAndRejectsUnsetOnes() {
    Map<String, String> env = Map.of("KEY", "s3cret", "A_B", "x$y");
    assertThat(EnvRefs.expand("${KEY}", env)).isEqualTo("s3cret");
    assertThat(EnvRefs.expand("pre-${A_B}-post", env)).isEqualTo("pre-x$y-post");
    assertThat(EnvRefs.expand("plain", env)).isEqualTo("plain");
    assertThatThrownBy(() -> EnvRefs.expand("${MISSING}", env))
        .hasMessageContaining("MISSING");
  }
}
