package dev.baton.server.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigException;
import dev.baton.server.config.ConfigLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code trace} section binds with its defaults, and what cannot work fails at load. */
class TraceConfigTest {
  private static final String POOL = """
      pools:
        - name: p
          models: [m]
          endpoints: [{url: "http://127.0.0.1:9", role: both}]
      """;

  @TempDir Path dir;

  @Test
  void bindsWithDefaultsAndIsOffWhenAbsent() {
    String path = dir.resolve("t/trace.jsonl").toString();
    BatonConfig config = ConfigLoader.parse(POOL + "trace: {path: \"" + path + "\", sampleRate: 0.5}\n",
        "b.yaml");
    assertThat(config.trace()).isEqualTo(
        new TraceConfig(path, 0.5, true, false, 100L * 1024 * 1024, 5, 16));
    assertThat(ConfigLoader.parse(POOL, "b.yaml").trace()).isNull();
  }

  @Test
  void aRateOutOfRangeOrAPathThatIsADirectoryIsAnErrorWithItsPlace() {
    ConfigException rate = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(
        POOL + "trace:\n  path: x.jsonl\n  sampleRate: 2\n", "b.yaml"));
    assertThat(rate.problems()).anySatisfy(p ->
        assertThat(p).startsWith("b.yaml:5:").contains("trace").contains("sampleRate"));

    ConfigException directory = catchThrowableOfType(ConfigException.class, () ->
        ConfigLoader.parse(POOL + "trace: {path: \"" + dir + "\"}\n", "b.yaml"));
    assertThat(directory.problems()).anySatisfy(p ->
        assertThat(p).startsWith("b.yaml:5:").contains("trace.path").contains("is a directory"));

    ConfigException unknown = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(
        POOL + "trace: {path: x.jsonl, prompts: true}\n", "b.yaml"));
    assertThat(unknown.problems()).anySatisfy(p -> assertThat(p).contains("trace.prompts"));
  }
}
