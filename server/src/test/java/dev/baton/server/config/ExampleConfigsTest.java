package dev.baton.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every example in {@code config/*.yaml} loads as shipped, with no environment set. */
class ExampleConfigsTest {

  static Path configDir() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("config")) ? here.resolve("config")
        : here.getParent().resolve("config");
  }

  @Test
  void everyExampleConfigLoads() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(configDir())) {
      // fleet-*.yaml describe replay fleets, not Baton (ReplayCommandTest loads them).
      files = list.filter(p -> p.getFileName().toString().endsWith(".yaml"))
          .filter(p -> !p.getFileName().toString().startsWith("fleet-")).sorted().toList();
    }
    assertThat(files).extracting(p -> p.getFileName().toString())
        .contains("baton.yaml", "demo.yaml", "aggregated.yaml", "nixl-pd.yaml", "multi-model.yaml");
    for (Path file : files) {
      // Defaults stand in for unset variables, so the examples load anywhere.
      BatonConfig config = ConfigLoader.parse(Files.readString(file), file.toString(), name -> null);
      assertThat(config.pools()).as(file.toString()).isNotEmpty();
    }
  }

  @Test
  void theNixlExampleTakesWorkerAddressesFromTheEnvironment() throws IOException {
    Path file = configDir().resolve("nixl-pd.yaml");
    BatonConfig config = ConfigLoader.parse(Files.readString(file), file.toString(),
        name -> "DECODE_1".equals(name) ? "10.0.0.99" : null);
    assertThat(config.pools().get(0).endpoints().get(3).url()).isEqualTo("http://10.0.0.99:8000");
    assertThat(config.server().port()).isEqualTo(8000);
  }
}
