package dev.baton.router.scheduling;

/**
 * Why a plan found no endpoint for a request, so the client's error says what happened: nothing
 * healthy serves the model, or endpoints do but the profile's filters turned every one away.
 */
public sealed interface NoCandidate {

  /** No schedulable (healthy, undrained, open-breaker-free) endpoint of the pool serves the model. */
  record Unavailable() implements NoCandidate {}

  /**
   * Endpoints serve the model, but the profile's filters left none; {@code filter} is the plugin
   * name (its {@code plugins[].name}) of the filter that turned the last one away.
   */
  record FilteredOut(String profile, String filter) implements NoCandidate {}

  NoCandidate UNAVAILABLE = new Unavailable();
}
