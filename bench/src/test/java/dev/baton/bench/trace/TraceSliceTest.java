package dev.baton.bench.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TraceSliceTest {

  /** 40 requests of 10 sessions, four turns each, interleaved. */
  private static List<TraceRecord> trace() {
    List<TraceRecord> records = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      records.add(new TraceRecord(i * 100.0, null, null, 32, 16, List.of((long) i % 10), 4, true,
          null, null, null, "session-" + (i % 10), null));
    }
    return records;
  }

  @Test
  void halvesSplitByPosition() {
    List<TraceRecord> trace = trace();
    assertThat(TraceSlice.FIRST_HALF.of(trace)).isEqualTo(trace.subList(0, 20));
    assertThat(TraceSlice.SECOND_HALF.of(trace)).isEqualTo(trace.subList(20, 40));
    assertThat(TraceSlice.ALL.of(trace)).isEqualTo(trace);
  }

  @Test
  void sessionSlicesAreComplementaryAndKeepEachSessionWhole() {
    List<TraceRecord> trace = trace();
    List<TraceRecord> even = TraceSlice.EVEN_SESSIONS.of(trace);
    List<TraceRecord> odd = TraceSlice.ODD_SESSIONS.of(trace);

    assertThat(even.size() + odd.size()).isEqualTo(40);
    assertThat(even).isNotEmpty();
    assertThat(odd).isNotEmpty();
    Set<String> evenSessions = new HashSet<>();
    even.forEach(r -> evenSessions.add(r.session()));
    odd.forEach(r -> assertThat(evenSessions).doesNotContain(r.session()));
    // Every session in a slice brings all four of its turns, in trace order.
    assertThat(even).hasSize(evenSessions.size() * 4);
    assertThat(even).isSortedAccordingTo((a, b) -> Double.compare(a.arrivalMs(), b.arrivalMs()));
  }

  @Test
  void parsesCliNames() {
    assertThat(TraceSlice.parse("odd-sessions")).isEqualTo(TraceSlice.ODD_SESSIONS);
    assertThat(TraceSlice.parse("FIRST-HALF")).isEqualTo(TraceSlice.FIRST_HALF);
    assertThatThrownBy(() -> TraceSlice.parse("third")).hasMessageContaining("first-half");
  }
}
