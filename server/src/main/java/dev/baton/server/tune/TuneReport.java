package dev.baton.server.tune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.baton.bench.BenchSummary;
import dev.baton.bench.report.SvgBarChart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a tune leaves in {@code --out}: {@code tune-report.md} (held-out comparison, the tuned YAML,
 * every rung's ranking), {@code tune-objective.svg} (the objective of every trial, per rung, drawn
 * by bench-report's chart code), {@code trials.json} (every trial with its knobs and figures) and
 * {@code best.yaml} (the {@code scheduling:} section to paste).
 */
public final class TuneReport {

  public static final String MARKDOWN = "tune-report.md";
  public static final String PLOT = "tune-objective.svg";
  public static final String TRIALS = "trials.json";
  public static final String BEST_YAML = "best.yaml";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TuneReport() {}

  /** Writes the four files and returns the directory. */
  public static Path write(TuneResult result, String command, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(TRIALS), JSON.writeValueAsString(trialsDocument(result)));
    Files.writeString(dir.resolve(PLOT), plot(result));
    result.best().ifPresent(best -> write(dir.resolve(BEST_YAML), (result.recommended() ? ""
        : "# not recommended: it did not beat the current profile on both halves\n")
        + bestYaml(best)));
    Files.writeString(dir.resolve(MARKDOWN), markdown(result, command));
    return dir;
  }

  /** The lines {@code baton tune} prints at the end: both held-out figures and the YAML. */
  public static String summary(TuneResult result) {
    Objective objective = result.settings().objective();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT,
        "%d samples, %d trials, %d of %d rungs, %s; held-out half, %s (%s):%n",
        result.samples(), result.trials().size(), result.rungsReached(), result.settings().rungs(),
        TuneProgress.clock(result.seconds()), objective.cliName(), objective.unit()));
    out.append(String.format(Locale.ROOT, "  current: %s%n", figures(result.heldOutCurrent())));
    if (result.heldOutBest().isEmpty()) {
      return out.append("  no sample finished a replay: nothing to suggest\n").toString();
    }
    TrialRecord best = result.heldOutBest().get();
    out.append(String.format(Locale.ROOT, "  best %s: %s%n", best.candidate().label(),
        figures(best)));
    out.append(String.format(Locale.ROOT, "  best vs current: %s%n",
        percent(result.heldOutImprovement())));
    if (!result.recommended()) {
      return out.append("  verdict: keep the current profile; the best sample did not beat it on"
          + " both the training half's last rung and the held-out half (its YAML is in "
          + BEST_YAML + " for reference)\n").toString();
    }
    out.append("  verdict: the best sample beat the current profile on both halves\n");
    out.append("\n# paste into baton.yaml (replacing its scheduling: section):\n");
    out.append(bestYaml(result.best().orElseThrow()));
    return out.toString();
  }

  static String bestYaml(Candidate.Sampled best) {
    return "# baton tune sample " + best.label() + ": " + best.point().byKey() + "\n"
        + SchedulingYaml.render(best.scheduling());
  }

  private static String figures(TrialRecord record) {
    if (!(record.outcome() instanceof TrialOutcome.Measured m)) {
      return "failed: " + ((TrialOutcome.Failed) record.outcome()).message();
    }
    BenchSummary s = m.summary();
    return String.format(Locale.ROOT,
        "%s | TTFT p50 %.1f p90 %.1f p99 %.1f ms | %.1f tok/s | %d requests, %d errors",
        TuneProgress.format(m.value()), s.ttftMs().p50(), s.ttftMs().p90(), s.ttftMs().p99(),
        s.outputTokensPerS(), s.requests(), s.errors());
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "n/a"
        : String.format(Locale.ROOT, "%+.1f%% (positive: the best is better)", 100 * share);
  }

  private static String rungName(TuneResult result, int rung) {
    if (rung == TrialRecord.HELD_OUT_RUNG) {
      return "held-out half";
    }
    TracePart slice = result.settings().rungSlices().get(rung);
    return String.format(Locale.ROOT, "rung %d: first %.1f%% of the trace", rung + 1,
        100 * slice.size());
  }

  /** Trials grouped by rung (held-out last), best first within each. */
  private static List<TrialRecord> ordered(TuneResult result) {
    Objective objective = result.settings().objective();
    return result.trials().stream().sorted(Comparator
        .comparingInt((TrialRecord r) -> r.rung() == TrialRecord.HELD_OUT_RUNG ? 1 << 20 : r.rung())
        .thenComparing(TrialRecord.byObjective(objective))).toList();
  }

  static String plot(TuneResult result) {
    Objective objective = result.settings().objective();
    List<SvgBarChart.Bar> bars = new ArrayList<>();
    for (TrialRecord r : ordered(result)) {
      bars.add(new SvgBarChart.Bar(rungName(result, r.rung()), r.candidate().label(), r.value()));
    }
    return SvgBarChart.render("baton tune: " + objective.cliName() + " (" + objective.unit()
        + (objective.higherIsBetter() ? ", higher is better" : ", lower is better")
        + ") per trial", objective.unit(), bars);
  }

  private static String markdown(TuneResult result, String command) {
    Objective objective = result.settings().objective();
    StringBuilder md = new StringBuilder("# baton tune\n\n");
    md.append("`").append(command).append("`\n\n");
    md.append("## Held-out half\n\n```\n").append(summary(result)).append("```\n\n");
    md.append("![objective per trial](").append(PLOT).append(")\n\n");
    md.append("## Trials\n\n| rung | candidate | ").append(objective.cliName()).append(" (")
        .append(objective.unit()).append(") | seconds | knobs |\n|---|---|---|---|---|\n");
    for (TrialRecord r : ordered(result)) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f | %s |%n",
          rungName(result, r.rung()), r.candidate().label(),
          r.outcome() instanceof TrialOutcome.Failed f ? "failed: " + f.message()
              : TuneProgress.format(r.value()), r.seconds(),
          r.candidate() instanceof Candidate.Sampled s ? s.point().byKey() : "current profile"));
    }
    return md.toString();
  }

  private static Map<String, Object> trialsDocument(TuneResult result) {
    Map<String, Object> doc = new LinkedHashMap<>();
    TuneSettings s = result.settings();
    doc.put("objective", s.objective().cliName());
    doc.put("budget_s", s.budget().toSeconds());
    doc.put("parallel", s.parallel());
    doc.put("seed", s.seed());
    doc.put("eta", s.eta());
    doc.put("rungs", s.rungs());
    doc.put("knobs", result.space().knobs().stream().map(Knob::key).toList());
    doc.put("samples", result.samples());
    doc.put("seconds", result.seconds());
    doc.put("best", result.best().map(Candidate::label).orElse(null));
    doc.put("held_out_improvement", Double.isNaN(result.heldOutImprovement()) ? null
        : result.heldOutImprovement());
    List<Map<String, Object>> trials = new ArrayList<>();
    for (TrialRecord r : result.trials()) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("rung", r.rung() == TrialRecord.HELD_OUT_RUNG ? "held-out" : r.rung() + 1);
      t.put("candidate", r.candidate().label());
      t.put("slice", List.of(r.slice().from(), r.slice().to()));
      t.put("seconds", r.seconds());
      t.put("value", Double.isNaN(r.value()) ? null : r.value());
      if (r.candidate() instanceof Candidate.Sampled sampled) {
        t.put("knobs", sampled.point().byKey());
      }
      switch (r.outcome()) {
        case TrialOutcome.Measured m -> t.put("summary", m.summary());
        case TrialOutcome.Failed f -> t.put("error", f.message());
      }
      trials.add(t);
    }
    doc.put("trials", trials);
    return doc;
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
