package dev.baton.server.config;

/**
 * TLS for a listener: a PEM certificate chain and its PEM private key (PKCS#8 or PKCS#1). Absent
 * means plain HTTP, e.g. behind a mesh or an ingress that terminates TLS.
 *
 * @param certFile path of the PEM certificate chain
 * @param keyFile path of the PEM private key
 */
public record TlsConfig(String certFile, String keyFile) {

  public TlsConfig {
    if (certFile == null || certFile.isBlank() || keyFile == null || keyFile.isBlank()) {
      throw new IllegalArgumentException("tls needs both certFile and keyFile");
    }
  }
}
