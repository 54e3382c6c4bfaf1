package dev.baton.server.tune;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.router.scheduling.config.SchedulingConfig;
import dev.baton.server.config.ConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The files a tune leaves: every trial in the JSON and the plot, a pasteable best.yaml. */
class TuneReportTest {

  @TempDir Path dir;

  @Test
  void writesEveryTrialToTheJsonAndThePlotAndTheBestAsValidYaml() throws Exception {
    SyntheticRunner runner = new SyntheticRunner(60, 0);
    TuneSettings settings =
        new TuneSettings(Objective.TTFT_P90, Duration.ofMinutes(5), 1, 2, 3, 2, 9);
    TuneProgress progress = new TuneProgress(new PrintWriter(new StringWriter()),
        settings.objective(), runner.clockNanos::get, Long.MAX_VALUE);
    TuneResult result = new TuneSearch(settings, SearchSpace.forFleet(false), runner, 0,
        runner.clockNanos::get, progress).run(SchedulingConfig.defaults());

    TuneReport.write(result, "baton tune --objective ttft_p90", dir);

    JsonNode trials = new ObjectMapper().readTree(dir.resolve(TuneReport.TRIALS).toFile());
    assertThat(trials.get("trials")).hasSize(result.trials().size());
    assertThat(trials.get("best").asText()).isEqualTo(result.best().orElseThrow().label());
    assertThat(trials.get("trials").get(0).get("summary").get("ttft_ms").get("p90").isNumber())
        .isTrue();
    Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(dir.resolve(TuneReport.PLOT).toFile());
    assertThat(svg.getElementsByTagName("rect").getLength()).isEqualTo(result.trials().size() + 1);
    assertThat(Files.readString(dir.resolve(TuneReport.PLOT)))
        .contains("rung 1: first 16.7% of the trace", "rung 2: first 50.0%", "held-out half");
    String yaml = Files.readString(dir.resolve(TuneReport.BEST_YAML));
    assertThat(ConfigLoader.parse(yaml, "best.yaml").scheduling())
        .isEqualTo(ConfigLoader.parse(SchedulingYaml.render(result.best().orElseThrow()
            .scheduling()), "again.yaml").scheduling());
    assertThat(Files.readString(dir.resolve(TuneReport.MARKDOWN)))
        .contains("## Held-out half", "best vs current", "scheduling:", "| held-out half | current");
    assertThat(TuneReport.summary(result)).contains("current: ", "best #", "scheduling:\n");
  }
}
