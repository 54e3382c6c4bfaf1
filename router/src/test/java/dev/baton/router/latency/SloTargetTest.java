package dev.baton.router.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SloTargetTest {

  private static SloTarget read(Map<String, String> headers) {
    return SloTarget.fromHeaders(headers::get);
  }

  @Test
  void llmDHeadersComeFirstAndTheOlderNamesFillIn() {
    assertThat(read(Map.of("x-llm-d-slo-ttft-ms", "500", "x-slo-ttft-ms", "900",
        "x-slo-tpot-ms", "40"))).isEqualTo(new SloTarget(500, 40));
    assertThat(read(Map.of())).isSameAs(SloTarget.NONE);
  }

  @Test
  void aBadValueNamesItsHeader() {
    assertThatThrownBy(() -> read(Map.of("x-slo-tpot-ms", "fast")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x-slo-tpot-ms");
    assertThatThrownBy(() -> read(Map.of("x-llm-d-slo-ttft-ms", "-5")))
        .hasMessageContaining("x-llm-d-slo-ttft-ms");
    assertThatThrownBy(() -> read(Map.of("x-llm-d-slo-ttft-ms", "NaN")))
        .hasMessageContaining("x-llm-d-slo-ttft-ms");
  }

  @Test
  void headersOverrideDefaultsMeasureByMeasure() {
    assertThat(new SloTarget(300, 0).orElse(new SloTarget(2000, 50)))
        .isEqualTo(new SloTarget(300, 50));
  }
}
