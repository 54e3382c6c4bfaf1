package dev.baton.server.tune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.scheduling.ProfileScheduler;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.config.PluginRef;
import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.server.cli.BatonCommand;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code scheduling:} YAML {@code baton tune} prints goes through Baton's strict config binder
 * and {@code baton validate} unchanged: what is pasted is what was measured.
 */
class TunedProfileYamlTest {

  @TempDir Path dir;

  @Test
  void everySampledProfileRoundTripsThroughTheStrictBinder() {
    SearchSpace space = SearchSpace.forFleet(true);
    double[][] unit = LatinHypercube.sample(25, space.dimensions(), 4);
    for (double[] u : unit) {
      ProfilePoint point = space.pointAt(u);
      SchedulingConfig tuned = TunedProfiles.scheduling(point);
      String yaml = SchedulingYaml.render(tuned);
      BatonConfig parsed = ConfigLoader.parse(yaml, "tuned.yaml");
      assertThat(SchedulingYaml.render(parsed.scheduling())).isEqualTo(yaml);
      ProfileScheduler.create(parsed.scheduling(), SchedulerState.create());
      PluginRef prefix = parsed.scheduling().schedulingProfiles().get(0).plugins().stream()
          .filter(r -> r.pluginRef().equals("prefix-cache")).findFirst().orElseThrow();
      assertThat(prefix.weight()).isEqualTo(point.get(Knob.PREFIX_CACHE_WEIGHT));
      assertThat(yaml).contains("{pluginRef: " + point.picker().type())
          .contains("uncachedTokens: " + (int) point.get(Knob.UNCACHED_TOKEN_THRESHOLD));
    }
  }

  @Test
  void theDefaultProfileRendersAsTheDefaults() {
    String yaml = SchedulingYaml.render(SchedulingConfig.defaults());
    assertThat(ConfigLoader.parse(yaml, "current.yaml").scheduling().usesDefaultProfiles()).isTrue();
    assertThat(yaml).contains("    - {pluginRef: prefix-cache, weight: 3}\n");
  }

  @Test
  void bakedWeightsKeepTheirTenthsAndBatonValidateAcceptsTheFile() throws Exception {
    SearchSpace space = SearchSpace.forFleet(false);
    ProfilePoint point = space.pointAt(LatinHypercube.sample(1, space.dimensions(), 9)[0]);
    String yaml = SchedulingYaml.render(TunedProfiles.scheduling(point));
    assertThat(yaml).doesNotContain("000000").doesNotContain("uncachedTokens");
    Path file = dir.resolve("tuned.yaml");
    Files.writeString(file, yaml);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new BatonCommand()).setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err)).execute("validate", file.toString());
    assertThat(err.toString()).isEmpty();
    assertThat(exit).isZero();
    assertThat(out.toString()).contains(file + ": ok");
  }
}
