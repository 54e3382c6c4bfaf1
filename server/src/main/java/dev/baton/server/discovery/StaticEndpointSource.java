package dev.baton.server.discovery;

import dev.baton.server.config.EndpointConfig;
import java.util.List;

/**
 * The {@code static} source: the pool's {@code endpoints:} list from the YAML, ready at once and
 * never changing; a reload that edits the list replaces the source.
 */
public final class StaticEndpointSource extends PublishingEndpointSource {

  public StaticEndpointSource(List<EndpointConfig> endpoints) {
    publish(endpoints);
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
