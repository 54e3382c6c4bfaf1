package dev.baton.server.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.Http;
import dev.baton.transfer.testing.ScriptedWorker;
import dev.baton.server.testing.TestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Client API keys follow reloads: a rotated key file applies without a restart. */
class AuthReloadTest {
  @TempDir Path dir;
  @RegisterExtension final TestBed bed = new TestBed();
  private BatonServer baton;

  private int status(String key) {
    return Http.post(baton.baseUrl() + "/v1/completions", "{\"model\":\"m\",\"prompt\":\"hi\"}",
        Map.of("authorization", "Bearer " + key)).statusCode();
  }

  @Test
  void rotatedKeysApplyOnReloadAndABrokenKeyFileKeepsTheOldOnes() throws Exception {
    ScriptedWorker worker = bed.worker(ex -> ex.json(200,
        "{\"id\":\"c\",\"object\":\"text_completion\",\"choices\":[]}"));
    Path keys = dir.resolve("keys.txt");
    Files.writeString(keys, "team-a key-a\n");
    Path file = dir.resolve("baton.yaml");
    Files.writeString(file, """
        server: {host: 127.0.0.1, port: 0}
        admin: {host: 127.0.0.1, port: 0}
        auth: {keyFile: "%s"}
        pools: [{name: p, models: [m], endpoints: [{url: "%s"}]}]
        """.formatted(keys, worker.url()));
    ConfigSource source = ConfigSource.of(file);
    baton = bed.baton(source.load(), source);
    assertThat(status("key-a")).isEqualTo(200);
    assertThat(status("key-b")).isEqualTo(401);

    Files.writeString(keys, "team-b key-b\n");
    assertThat(Http.post(baton.adminUrl() + "/admin/reload", "").statusCode()).isEqualTo(200);
    assertThat(status("key-b")).isEqualTo(200);
    assertThat(status("key-a")).isEqualTo(401);

    Files.writeString(keys, "only-one-word\n");
    var bad = Http.post(baton.adminUrl() + "/admin/reload", "");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(Http.error(bad).path("message").asText()).contains("auth.keyFile").contains("line 1");
    assertThat(status("key-b")).isEqualTo(200);
  }
}
