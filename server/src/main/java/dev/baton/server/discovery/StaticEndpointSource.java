package dev.baton.server.discovery;

import dev.baton.server.config.EndpointConfig;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code static} source: the pool's {@code endpoints:} list from the YAML, ready at once and
 * never changing; a reload that edits the list replaces the source.
 */
public final class StaticEndpointSource implements EndpointSource {
  private final List<EndpointConfig> endpoints;

  public StaticEndpointSource(List<EndpointConfig> endpoints) {
    this.endpoints = List.copyOf(endpoints);
  }

  @Override
  public List<EndpointConfig> endpoints() {
    return endpoints;
  }

  @Override
  public Future<Void> whenReady() {
    return Future.succeededFuture();
  }

  @Override
  public void onChange(Consumer<List<EndpointConfig>> listener) {
    // The list never changes.
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  /** Registered as {@code static}; takes no parameters. */
  public static final class Type implements EndpointSourceType<Type.NoParameters> {

    /** The static source has no settings of its own: its list is {@code pools[].endpoints}. */
    public record NoParameters() {}

    @Override
    public String type() {
      return "static";
    }

    @Override
    public Class<NoParameters> parametersType() {
      return NoParameters.class;
    }

    @Override
    public EndpointSource create(SourceContext context, NoParameters parameters) {
      return new StaticEndpointSource(context.pool().endpoints());
    }
  }
}
