package dev.baton.server.kvevents;

/**
 * Which prefix view decides a pool's matches now, as the admin pools view and the dashboard show
 * it: {@code precise} while at least one of its endpoints' KV events flow, else {@code approximate}
 * (Baton's own past picks).
 *
 * @param kvEvents whether the pool subscribes to KV events at all ({@code pools[].kvEvents})
 * @param liveEndpoints its endpoints whose events are flowing
 */
public record PrefixView(boolean kvEvents, int liveEndpoints) {
  /** A pool nobody listens for: approximate only. */
  public static final PrefixView APPROXIMATE_ONLY = new PrefixView(false, 0);

  public boolean precise() {
    return liveEndpoints > 0;
  }

  /** {@code precise} or {@code approximate}, the {@code view} tag of {@code baton_prefix_view}. */
  public String name() {
    return precise() ? "precise" : "approximate";
  }
}
