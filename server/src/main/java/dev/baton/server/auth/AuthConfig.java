package dev.baton.server.auth;

import java.util.List;

/**
 * The YAML {@code auth} section: who may call the front door. With no keys (neither listed nor in
 * a file) authentication is off and every request is let in, as tenant {@code anonymous} or the
 * value of the admission section's tenant header.
 *
 * @param keys client API keys, each naming its tenant
 * @param keyFile a file of further keys, one per line: {@code <tenant> <key>} or
 *     {@code <tenant> sha256:<hex digest>}; blank lines and lines starting with {@code #} are
 *     skipped. Read at startup and on each reload.
 * @param failuresPerMinute failed authentication attempts one client address may make per minute
 *     (a bucket that bursts up to this many, default 30; 0 turns the limit off); beyond it the
 *     address gets 429 with {@code Retry-After} before its key is checked
 */
public record AuthConfig(List<ApiKeyConfig> keys, String keyFile, Integer failuresPerMinute) {

  public static final AuthConfig DEFAULTS = new AuthConfig(null, null);

  /** Keys with the default limit on failed attempts. */
  public AuthConfig(List<ApiKeyConfig> keys, String keyFile) {
    this(keys, keyFile, null);
  }

  public AuthConfig {
    keys = keys == null ? List.of() : List.copyOf(keys);
    keyFile = keyFile == null || keyFile.isBlank() ? null : keyFile;
    failuresPerMinute = failuresPerMinute == null ? 30 : failuresPerMinute;
    if (failuresPerMinute < 0) {
      throw new IllegalArgumentException("auth.failuresPerMinute must be >= 0");
    }
  }
}
