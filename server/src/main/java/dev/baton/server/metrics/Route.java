package dev.baton.server.metrics;

import java.util.Locale;

/** How a request was routed: the {@code route} tag of request metrics. */
public enum Route {
  /** Served whole by one worker. */
  AGGREGATED,
  /** Prefill on one worker, decode on another. */
  DISAGGREGATED,
  /** Never routed (refused before planning, or no worker could take it). */
  NONE;

  private final String tag = name().toLowerCase(Locale.ROOT);

  /** The tag and access-log value. */
  public String tag() {
    return tag;
  }
}
