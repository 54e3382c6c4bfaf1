package dev.baton.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code baton validate}: every problem with file:line:column and key path, non-zero exit. */
class ValidateCommandTest {

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BatonCommand())
        .setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void aValidFileIsSummarised() throws Exception {
    Path good = dir.resolve("good.yaml");
    Files.writeString(good, """
        pools:
          - name: pd
            models: [m, m-alias]
            dialect: nixl
            disaggregation: {enabled: true}
            endpoints:
              - {url: "http://10.0.0.1:8000", role: prefill}
              - {url: "http://10.0.0.2:8000", role: decode}
        """);
    Run run = run("validate", good.toString());
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains(good + ": ok: 1 pools, 2 endpoints, 2 models")
        .contains("pool pd: models m, m-alias; 2 endpoints; dialect nixl; disaggregated");
  }

  @Test
  void everyProblemOfEveryFileIsPrinted() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, """
        server:
          prot: 8000
        pools:
          - name: p
            models: [m]
            endpoints:
              - url: http://10.0.0.1:8000
                role: leader
              - url: ftp://10.0.0.2
        scheduling:
          plugins: [{type: max-score}]
          schedulingProfiles:
            - name: decode
              plugins: [{pluginRef: missing}, {pluginRef: max-score}]
        """);
    Path good = dir.resolve("good.yaml");
    Files.writeString(good, "pools: [{name: p, models: [m], endpoints: [{url: 'http://h:1'}]}]\n");
    Run run = run("validate", bad.toString(), good.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .contains(bad + ":2:3: server.prot: unknown key `prot`")
        .contains(bad + ":8:9: pools[0].endpoints[0].role: ")
        .contains(bad + ":9:9: pools[0].endpoints[1].url: must be an http:// or https:// URL")
        .contains(bad + ":14:17: scheduling.schedulingProfiles[0].plugins[0]: ")
        .contains("missing")
        .contains(bad + ": 4 problems");
    assertThat(run.out()).contains(good + ": ok");
  }

  @Test
  void aMissingFileIsAnError() {
    Run run = run("validate", dir.resolve("nope.yaml").toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("nope.yaml: cannot read");
  }
}
