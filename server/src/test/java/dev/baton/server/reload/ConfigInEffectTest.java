package dev.baton.server.reload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.BatonServer;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import dev.baton.server.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a reload that changes both live and restart-only keys, {@code GET /admin/config} shows what
 * is in effect (the new timeouts, the body limit Baton started with) and
 * {@code GET /admin/config/restart} lists what a restart would change.
 */
class ConfigInEffectTest {
  @TempDir Path dir;
  @RegisterExtension final TestBed bed = new TestBed();

  @Test
  void theConfigViewShowsWhatIsInEffectAndSeparatelyWhatARestartWouldChange() throws Exception {
    Path file = dir.resolve("baton.yaml");
    Files.writeString(file, yaml("10s", 100000));
    ConfigSource source = ConfigSource.of(file);
    BatonServer baton = bed.baton(source.load(), source);
    assertThat(restart(baton)).isEmpty();

    Files.writeString(file, yaml("20s", 200000));
    dev.baton.server.testing.Await.get(baton.reload());

    JsonNode config = Http.json(Http.get(baton.adminUrl() + "/admin/config").body());
    assertThat(config.at("/timeouts/firstByte").asText()).as("applied live").isEqualTo("PT20S");
    assertThat(config.at("/server/maxBodyBytes").asLong()).as("bound at start").isEqualTo(100000);
    JsonNode pending = restart(baton);
    assertThat(pending).hasSize(1);
    assertThat(pending.get(0).toString()).isEqualTo(
        "{\"key\":\"server.maxBodyBytes\",\"inEffect\":100000,\"afterRestart\":200000}");
  }

  /** A live key (the first-byte timeout) and a restart-only one (the body limit). */
  private static String yaml(String firstByte, int maxBodyBytes) {
    return TestConfigs.onePoolYaml("http://127.0.0.1:9", "", "timeouts: {firstByte: " + firstByte + "}")
        .replace("server: {host: 127.0.0.1, port: 0}",
            "server: {host: 127.0.0.1, port: 0, maxBodyBytes: " + maxBodyBytes + "}");
  }

  private static JsonNode restart(BatonServer baton) {
    return Http.json(Http.get(baton.adminUrl() + "/admin/config/restart").body())
        .get("restartWouldChange");
  }
}
