package dev.baton.server.discovery;

/**
 * A kind of endpoint source, registered by its {@link #type()} name, which a pool names in
 * {@code endpointSource: {type: ..., <its own keys>}}. A new kind (DNS, Kubernetes, InferencePool) is
 * one class implementing this plus its parameters record, listed in
 * {@code META-INF/services/dev.baton.server.discovery.EndpointSourceType}; nothing else changes.
 *
 * @param <P> the record the keys beside {@code type} bind into, strictly, as every other YAML
 *     section (unknown keys and wrong types are errors with file:line:col)
 */
public interface EndpointSourceType<P> {

  /** The name pools use in {@code endpointSource.type}. */
  String type();

  /** The record the keys beside {@code type} bind into ({@code {}} when there are none). */
  Class<P> parametersType();

  /**
   * Starts a source for one pool. Runs on an event loop: start watching and return at once, then
   * publish through the source.
   */
  EndpointSource create(SourceContext context, P parameters);
}
