package dev.baton.bench.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real JFR recording of this JVM becomes collapsed stacks and a flame graph that name the busy method. */
class FlameGraphTest {
  @TempDir Path dir;

  private static volatile long sink;

  @Test
  void aBusyMethodsSamplesAreFoundAndDrawn() throws Exception {
    Path jfr = dir.resolve("busy.jfr");
    try (Recording recording = new Recording()) {
      recording.enable(CollapsedStacks.EXECUTION_SAMPLE).withPeriod(Duration.ofMillis(10));
      recording.start();
      Thread busy = new Thread(FlameGraphTest::spinUntilSampled, "flame-busy");
      busy.start();
      busy.join();
      recording.stop();
      recording.dump(jfr);
    }

    CollapsedStacks stacks = CollapsedStacks.read(jfr, "flame-busy");
    assertThat(stacks.total()).isPositive();
    assertThat(stacks.lines()).anyMatch(line -> line.contains("FlameGraphTest.spinUntilSampled"));
    String svg = FlameSvg.render("busy", stacks, 0.01);
    assertThat(svg).startsWith("<svg").endsWith("</svg>\n").contains("FlameGraphTest.spinUntilSampled");
    assertThat(CollapsedStacks.read(jfr, "no-such-thread").total()).isZero();
  }

  @Test
  void framesUnderTheThresholdAreLeftOutAndNamesEscaped() {
    CollapsedStacks stacks = CollapsedStacks.of(Map.of(
        "a.Main.run;a.Big.work", 90L, "a.Main.run;a.Small.work", 9L, "a.Main.run;a.Gen.<init>", 1L));
    String svg = FlameSvg.render("t & t", stacks, 0.05);
    assertThat(svg).contains("a.Big.work (90 samples, 90.00%)").contains("a.Small.work (9 samples")
        .doesNotContain("Gen.").contains("t &amp; t (100 samples");
  }

  /** Spins (bounded by a deadline) so the sampler catches this thread in this method. */
  private static void spinUntilSampled() {
    long end = System.nanoTime() + Duration.ofMillis(800).toNanos();
    long x = sink;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 100_000; i++) {
        x = x * 31 + i;
      }
    }
    sink = x;
  }
}
