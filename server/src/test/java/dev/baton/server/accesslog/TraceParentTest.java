package dev.baton.server.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TraceParentTest {
  private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void parsesTheSpecExample() {
    TraceParent t = TraceParent.parse(VALID).orElseThrow();
    assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(t.parentId()).isEqualTo("00f067aa0ba902b7");
    assertThat(t.flags()).isEqualTo("01");
    assertThat(t.sampled()).isTrue();
    assertThat(t.header()).isEqualTo(VALID);
  }

  @Test
  void toleratesSurroundingWhitespace() {
    assertThat(TraceParent.parse("  " + VALID + " ")).isPresent();
  }

  @Test
  void aHigherVersionMayCarryMoreFieldsWhichAreIgnored() {
    TraceParent t =
        TraceParent.parse("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-what-ever")
            .orElseThrow();
    assertThat(t.sampled()).isFalse();
    // Baton forwards the version it speaks.
    assertThat(t.header()).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-");
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {
    "",
    "garbage",
    // version ff is forbidden
    "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    // all-zero trace id and parent id
    "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
    "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
    // upper-case hex
    "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
    // version 00 must be exactly four fields
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
    // a higher version's extra part must start with a dash
    "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",
    // short fields, wrong separators, non-hex
    "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
    "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
    "0x-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
  })
  void rejectsInvalidHeaders(String header) {
    assertThat(TraceParent.parse(header)).isEmpty();
  }

  @Test
  void aValidClientHeaderKeepsTraceAndFlagsWithANewHop() {
    TraceParent t = TraceParent.forRequest(VALID);
    assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(t.flags()).isEqualTo("01");
    assertThat(t.parentId()).isNotEqualTo("00f067aa0ba902b7").matches("[0-9a-f]{16}");
    assertThat(TraceParent.parse(t.header())).contains(t);
  }

  @Test
  void anInvalidOrMissingHeaderStartsANewSampledTrace() {
    for (String header : new String[] {null, "nonsense"}) {
      TraceParent t = TraceParent.forRequest(header);
      assertThat(t.traceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
      assertThat(t.sampled()).isTrue();
      assertThat(TraceParent.parse(t.header())).contains(t);
    }
    assertThat(TraceParent.newTrace().traceId()).isNotEqualTo(TraceParent.newTrace().traceId());
  }

  @Test
  void theConstructorRefusesInvalidParts() {
    assertThatThrownBy(() -> new TraceParent("0".repeat(32), "00f067aa0ba902b7", "01"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TraceParent("4bf92f3577b34da6a3ce929d0e0e4736", "xyz", "01"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
