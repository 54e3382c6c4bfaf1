package dev.baton.server.discovery;

import java.time.Instant;

/**
 * How a pool's endpoint source stands, as the admin API and the dashboard show it.
 *
 * @param lastSync when the source last read its list successfully (a republished equal list
 *     counts); null before the first list
 * @param endpoints how many endpoints that list held
 * @param error what went wrong since that sync (an unreachable API server, a DNS timeout, an
 *     invalid InferencePool); null when the latest attempt succeeded. The last list stays in force
 */
public record SourceStatus(Instant lastSync, int endpoints, String error) {

  /** Before anything was read or went wrong. */
  public static final SourceStatus NONE = new SourceStatus(null, 0, null);
}
