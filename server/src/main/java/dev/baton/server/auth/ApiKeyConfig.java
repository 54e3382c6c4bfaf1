package dev.baton.server.auth;

/**
 * One client API key in the YAML {@code auth.keys} list. Give either the key itself ({@code key},
 * best given as an environment reference such as {@code ${TEAM_A_KEY}}, which the config loader
 * replaces) or its SHA-256 digest in hex
 * ({@code sha256}, e.g. from {@code printf %s "$KEY" | sha256sum}); Baton keeps only the digest.
 *
 * @param name the tenant this key belongs to (fair sharing and rate limits are per tenant)
 * @param key the key in clear, or {@code ${ENV_VAR}}
 * @param sha256 the key's SHA-256 digest, 64 hex digits
 * @param maxPriority the highest admission class requests with this key may claim with the
 *     priority header (default: the admission section's {@code defaultPriority}, so a key may lower
 *     its class but not raise it); a higher claim is lowered to this class
 */
public record ApiKeyConfig(String name, String key, String sha256, String maxPriority) {

  /** A key without a priority grant. */
  public ApiKeyConfig(String name, String key, String sha256) {
    this(name, key, sha256, null);
  }

  public ApiKeyConfig {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("auth.keys: every key needs a name");
    }
    if ((key == null) == (sha256 == null)) {
      throw new IllegalArgumentException("auth.keys." + name + ": give exactly one of key, sha256");
    }
  }

  /** Never prints the key. */
  @Override
  public String toString() {
    return "ApiKeyConfig[name=" + name + ", key=***, maxPriority=" + maxPriority + "]";
  }
}
