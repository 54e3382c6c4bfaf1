package dev.baton.transfer.handoff;

/**
 * What Baton learned of the prefill worker's KV bootstrap server before sending a concurrent pair:
 * where it listens and, for engines that name themselves there, the engine the decode must pull from.
 *
 * @param port the bootstrap server's port (configured, learned from the worker, or the engine's
 *     default)
 * @param engineId the prefill engine's id as its bootstrap server reports it (Mooncake's
 *     {@code GET /query}); null when the dialect needs none
 */
public record PrefillBootstrap(int port, String engineId) {

  public PrefillBootstrap {
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("bootstrap port out of range: " + port);
    }
  }
}
