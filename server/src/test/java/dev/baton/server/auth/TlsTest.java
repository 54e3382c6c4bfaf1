package dev.baton.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.server.BatonServer;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.testing.Await;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Front door and admin server over TLS, with a self-signed certificate made by keytool in the test. */
class TlsTest {
  @TempDir Path dir;

  @Test
  void bothListenersServeHttpsWithAPemCertificateAndKey() throws Exception {
    char[] pass = "changeit".toCharArray();
    Path p12 = dir.resolve("baton.p12");
    Process keytool = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "baton", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost",
        "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "changeit",
        "-keypass", "changeit").redirectErrorStream(true).start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).isZero();

    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      store.load(in, pass);
    }
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Files.writeString(cert, pem("CERTIFICATE", store.getCertificate("baton").getEncoded()));
    Files.writeString(key, pem("PRIVATE KEY", ((PrivateKey) store.getKey("baton", pass)).getEncoded()));

    Vertx vertx = Vertx.vertx();
    BatonServer baton = Await.get(BatonServer.start(vertx, ConfigLoader.parse("""
        server: {host: 127.0.0.1, port: 0, tls: {certFile: "%s", keyFile: "%s"}}
        admin: {host: 127.0.0.1, port: 0, tls: {certFile: "%s", keyFile: "%s"}}
        """.formatted(cert, key, cert, key), "tls.yaml")));
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      HttpClient client = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> r = client.send(
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + baton.port() + "/health"))
              .timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = client.send(
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + baton.adminPort() + "/metrics"))
              .timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).as("the admin listener serves TLS too").isEqualTo(200);
      // Plain HTTP on the TLS port gets no answer.
      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      assertThatThrownBy(() -> plain.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + baton.port() + "/health"))
              .timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
    } finally {
      Await.get(baton.close());
      Await.get(vertx.close());
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
