package dev.baton.server.discovery;

import dev.baton.router.endpoint.Role;
import dev.baton.server.config.EndpointConfig;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test-only endpoint source, type {@code scripted}: it starts with the URLs of its parameters and
 * publishes whatever list the test gives it later, the way a DNS or Kubernetes source would publish
 * what it discovers. Registered through this module's test services file only; no main file knows
 * it. A test finds the open source by the name in its parameters.
 */
public final class ScriptedEndpointSource extends PublishingEndpointSource {
  private static final Map<String, ScriptedEndpointSource> OPEN = new ConcurrentHashMap<>();

  private final String name;

  /**
   * @param name how the test finds this source ({@link #named})
   * @param urls the first list, every worker with role {@code both}
   * @param ready false: no first list until the test announces one (default true)
   */
  public record Parameters(String name, List<String> urls, Boolean ready) {
    public Parameters {
      if (name == null) {
        throw new IllegalArgumentException("name is required");
      }
      urls = urls == null ? List.of() : List.copyOf(urls);
      ready = !Boolean.FALSE.equals(ready);
    }
  }

  private ScriptedEndpointSource(Parameters parameters) {
    this.name = parameters.name();
    if (parameters.ready()) {
      publish(configs(parameters.urls()));
    }
  }

  /** The open source of that name; fails the test when there is none. */
  public static ScriptedEndpointSource named(String name) {
    ScriptedEndpointSource source = OPEN.get(name);
    if (source == null) {
      throw new AssertionError("no open scripted source named " + name);
    }
    return source;
  }

  /** Publishes a new list, as a discovery watch would on a change (the first one makes it ready). */
  public void announce(List<String> urls) {
    publish(configs(urls));
  }

  @Override
  public Future<Void> close() {
    OPEN.remove(name, this);
    return super.close();
  }

  private static List<EndpointConfig> configs(List<String> urls) {
    return urls.stream().map(u -> new EndpointConfig(u, Role.BOTH, null, null)).toList();
  }

  /** The registered type. */
  public static final class Type implements EndpointSourceType<Parameters> {
    @Override
    public String type() {
      return "scripted";
    }

    @Override
    public Class<Parameters> parametersType() {
      return Parameters.class;
    }

    @Override
    public EndpointSource create(SourceContext context, Parameters parameters) {
      ScriptedEndpointSource source = new ScriptedEndpointSource(parameters);
      OPEN.put(parameters.name(), source);
      return source;
    }
  }
}
