package dev.baton.server.discovery;

/**
 * A kind of endpoint source, registered by its {@link #type()} name, which a pool names in
 * {@code source: {type: ..., parameters: {...}}}. A new kind (DNS, Kubernetes, InferencePool) is
 * one class implementing this plus its parameters record, listed in
 * {@code META-INF/services/dev.baton.server.discovery.EndpointSourceType}; nothing else changes.
 *
 * @param <P> the record the {@code parameters} mapping binds into, strictly, as every other YAML
 *     section (unknown keys and wrong types are errors with file:line:col)
 */
public interface EndpointSourceType<P> {

  /** The name pools use in {@code source.type}. */
  String type();

  /** The record {@code source.parameters} binds into ({@code {}} when absent). */
  Class<P> parametersType();

  /**
   * Starts a source for one pool. Runs on an event loop: start watching and return at once, then
   * publish through the source.
   */
  EndpointSource create(SourceContext context, P parameters);
}
