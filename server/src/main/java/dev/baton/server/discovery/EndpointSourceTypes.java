package dev.baton.server.discovery;

import dev.baton.server.config.ConfigLoader;
import dev.baton.server.config.EndpointSourceSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The registry of endpoint source types, keyed by {@code type}: {@code static} built in, more found
 * with {@link ServiceLoader} (a test adds its own type through its own services file). Validation
 * and the runtime updater both ask here.
 */
public final class EndpointSourceTypes {
  private static final Map<String, EndpointSourceType<?>> TYPES = load();

  private EndpointSourceTypes() {}

  /** Every registered type name. */
  public static Set<String> names() {
    return TYPES.keySet();
  }

  public static Optional<EndpointSourceType<?>> find(String type) {
    return Optional.ofNullable(TYPES.get(type));
  }

  /**
   * Checks a pool's {@code endpointSource} without starting it.
   *
   * @throws IllegalArgumentException naming what is wrong (unknown type, bad parameter)
   */
  public static void check(EndpointSourceSpec spec) {
    parameters(type(spec), spec);
  }

  /** Starts the source a pool names; the spec must have passed {@link #check}. */
  public static EndpointSource open(SourceContext context, EndpointSourceSpec spec) {
    return start(type(spec), context, spec);
  }

  private static <P> EndpointSource start(EndpointSourceType<P> type, SourceContext context,
      EndpointSourceSpec spec) {
    return type.create(context, parameters(type, spec));
  }

  private static <P> P parameters(EndpointSourceType<P> type, EndpointSourceSpec spec) {
    return ConfigLoader.bindParameters(spec.parameters(), type.parametersType());
  }

  private static EndpointSourceType<?> type(EndpointSourceSpec spec) {
    return find(spec.type()).orElseThrow(() -> new IllegalArgumentException("unknown source type `"
        + spec.type() + "` (known: " + String.join(", ", new TreeSet<>(names())) + ")"));
  }

  @SuppressWarnings("rawtypes")
  private static Map<String, EndpointSourceType<?>> load() {
    Map<String, EndpointSourceType<?>> types = new LinkedHashMap<>();
    StaticEndpointSource.Type builtIn = new StaticEndpointSource.Type();
    types.put(builtIn.type(), builtIn);
    for (EndpointSourceType type : ServiceLoader.load(EndpointSourceType.class)) {
      // The first registration of a name wins; a built-in type cannot be replaced.
      types.putIfAbsent(type.type(), type);
    }
    return Map.copyOf(types);
  }
}
