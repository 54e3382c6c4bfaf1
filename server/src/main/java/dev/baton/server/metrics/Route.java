package dev.baton.server.metrics;

import dev.baton.router.LowerCaseTag;

/** How a request was routed: the {@code route} tag of request metrics. */
public enum Route implements LowerCaseTag {
  /** Served whole by one worker. */
  AGGREGATED,
  /** Prefill on one worker, decode on another. */
  DISAGGREGATED,
  /** Never routed (refused before planning, or no worker could take it). */
  NONE;
}
