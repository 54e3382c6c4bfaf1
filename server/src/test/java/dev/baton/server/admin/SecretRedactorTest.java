package dev.baton.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.router.endpoint.Role;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.EndpointConfig;
import dev.baton.server.config.PoolConfig;
import dev.baton.server.config.ServerConfig;
import dev.baton.transfer.upstream.UpstreamTimeouts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRedactorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"token", "apiKey", "api_key", "API-KEY", "bearerToken", "clientSecret",
      "password", "db.password", "passwd", "credentials", "Authorization", "secret"})
  void secretKeys(String key) {
    assertThat(SecretRedactor.isSecretKey(key)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"uncachedTokenThreshold", "maxTokens", "max_tokens", "keyFile",
      "tokenizer", "models", "host", "monkey", "secretary"})
  void ordinaryKeys(String key) {
    assertThat(SecretRedactor.isSecretKey(key)).isFalse();
  }

  @Test
  void redactsNestedValuesArraysAndUrlCredentials() throws Exception {
    JsonNode tree = JSON.readTree("""
        {"auth": {"token": "s3cret", "tokenTtl": 5},
         "upstreams": [{"apiKey": {"nested": "x"}, "url": "https://bob:hunter2@10.0.0.7:8000/v1"}],
         "labels": {"db-password": "pw", "zone": "a"},
         "emptyToken": null,
         "note": "mail me @ noon"}""");
    JsonNode out = SecretRedactor.redact(tree);
    assertThat(out.at("/auth/token").asText()).isEqualTo("***");
    assertThat(out.at("/auth/tokenTtl").asInt()).isEqualTo(5);
    assertThat(out.at("/upstreams/0/apiKey").asText()).isEqualTo("***");
    assertThat(out.at("/upstreams/0/url").asText()).isEqualTo("https://***@10.0.0.7:8000/v1");
    assertThat(out.at("/labels/db-password").asText()).isEqualTo("***");
    assertThat(out.at("/labels/zone").asText()).isEqualTo("a");
    assertThat(out.at("/emptyToken").isNull()).isTrue();
    assertThat(out.at("/note").asText()).isEqualTo("mail me @ noon");
    assertThat(out.toString()).doesNotContain("s3cret", "hunter2", "\"pw\"");
  }

  @Test
  void theConfigViewIsTheEffectiveConfigWithSecretsHidden() {
    BatonConfig config = new BatonConfig(
        new ServerConfig("127.0.0.1", 8000, null, null), UpstreamTimeouts.DEFAULTS,
        List.of(new PoolConfig("pool", List.of("m"), "nixl", null,
            List.of(new EndpointConfig("http://user:pw@10.0.0.1:8000", Role.PREFILL, "p0",
                Map.of("hf_token", "abc", "zone", "z1"))))),
        null, null, null);
    JsonNode view = ConfigView.of(config);
    assertThat(view.at("/server/port").asInt()).isEqualTo(8000);
    assertThat(view.at("/server/maxBodyBytes").asLong()).isEqualTo(4L * 1024 * 1024);
    assertThat(view.at("/timeouts/connect").asText()).isEqualTo("PT2S");
    assertThat(view.at("/pools/0/dialect").asText()).isEqualTo("nixl");
    assertThat(view.at("/pools/0/endpoints/0/role").asText()).isEqualTo("prefill");
    assertThat(view.at("/pools/0/endpoints/0/url").asText()).isEqualTo("http://***@10.0.0.1:8000");
    assertThat(view.at("/pools/0/endpoints/0/labels/hf_token").asText()).isEqualTo("***");
    assertThat(view.at("/pools/0/endpoints/0/labels/zone").asText()).isEqualTo("z1");
    assertThat(view.at("/pools/0/disaggregation/uncachedTokenThreshold").asInt()).isZero();
  }
}
