package dev.baton.server.sidecar;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code baton sidecar} runs with.
 *
 * @param host the address the sidecar listens on
 * @param port its port (the pod's serving port the gateway sends to; 0 picks a free one)
 * @param decodeUrl the decode engine beside it, e.g. {@code http://127.0.0.1:8200}
 * @param dialect the KV handoff dialect of the prefill leg ({@code nixl}, {@code lmcache})
 * @param allowedPrefill prefill endpoints ({@code ip:port}) the sidecar may call when a request
 *     names them in {@code x-prefiller-host-port}
 * @param poolConfig a Baton YAML file whose pools' endpoints (any endpoint source, such as the
 *     InferencePool) are allowed as well; null for none
 * @param maxBodyBytes the largest request body read
 */
public record SidecarOptions(String host, int port, String decodeUrl, String dialect,
    Set<String> allowedPrefill, Path poolConfig, long maxBodyBytes) {

  public static final int DEFAULT_PORT = 8000;

  public SidecarOptions {
    Objects.requireNonNull(decodeUrl, "decodeUrl");
    Objects.requireNonNull(dialect, "dialect");
    allowedPrefill = Set.copyOf(allowedPrefill);
  }
}
