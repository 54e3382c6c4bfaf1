package dev.baton.router.scheduling.filter;

import static dev.baton.router.testing.Fixtures.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.router.endpoint.Endpoint;
import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.endpoint.Health;
import dev.baton.router.endpoint.Role;
import dev.baton.router.scheduling.Phase;
import dev.baton.router.scheduling.plugin.Filter;
import dev.baton.router.scheduling.plugin.Parameters;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import dev.baton.router.testing.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FiltersTest {

  static Stream<Arguments> cases() {
    Consumer<EndpointState> none = e -> {};
    Filter zoneA = new LabelSelectorFilter(Map.of("zone", "a"));
    Filter zoneAndGpu = new LabelSelectorFilter(Map.of("zone", "a", "gpu", "h100"));
    return Stream.of(
        Arguments.of("health: unknown is schedulable", new HealthFilter(), Role.BOTH, Map.of(),
            none, Phase.DECODE, true),
        Arguments.of("health: healthy", new HealthFilter(), Role.BOTH, Map.of(),
            set(Health.HEALTHY), Phase.DECODE, true),
        Arguments.of("health: unhealthy", new HealthFilter(), Role.BOTH, Map.of(),
            set(Health.UNHEALTHY), Phase.DECODE, false),
        Arguments.of("health: draining", new HealthFilter(), Role.BOTH, Map.of(),
            (Consumer<EndpointState>) e -> e.draining(true), Phase.DECODE, false),
        Arguments.of("health: breaker open", new HealthFilter(), Role.BOTH, Map.of(),
            (Consumer<EndpointState>) e -> e.breakerOpen(true), Phase.DECODE, false),
        Arguments.of("role: prefill for prefill", new RoleFilter(), Role.PREFILL, Map.of(), none,
            Phase.PREFILL, true),
        Arguments.of("role: prefill for decode", new RoleFilter(), Role.PREFILL, Map.of(), none,
            Phase.DECODE, false),
        Arguments.of("role: decode for prefill", new RoleFilter(), Role.DECODE, Map.of(), none,
            Phase.PREFILL, false),
        Arguments.of("role: both for decode", new RoleFilter(), Role.BOTH, Map.of(), none,
            Phase.DECODE, true),
        Arguments.of("label: match", zoneA, Role.BOTH, Map.of("zone", "a", "gpu", "l4"), none,
            Phase.DECODE, true),
        Arguments.of("label: other value", zoneA, Role.BOTH, Map.of("zone", "b"), none,
            Phase.DECODE, false),
        Arguments.of("label: missing", zoneA, Role.BOTH, Map.of(), none, Phase.DECODE, false),
        Arguments.of("label: all pairs needed", zoneAndGpu, Role.BOTH, Map.of("zone", "a"), none,
            Phase.DECODE, false));
  }

  private static Consumer<EndpointState> set(Health health) {
    return e -> e.health(health);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void keepsOrDrops(String name, Filter filter, Role role, Map<String, String> labels,
      Consumer<EndpointState> setup, Phase phase, boolean kept) {
    EndpointState e = endpoint("e1", role, labels);
    setup.accept(e);
    SchedulingContext ctx = Fixtures.context(Fixtures.state(new Fixtures.Clock(), 1),
        Fixtures.request("hello"), phase, List.of());
    assertThat(filter.keep(ctx, e)).isEqualTo(kept);
  }

  @ParameterizedTest(name = "model filter, endpoint serves {0}")
  @MethodSource("models")
  void modelFilterKeepsEndpointsServingTheModel(Set<String> models, boolean kept) {
    EndpointState e = new EndpointState(
        new Endpoint("e", "http", "10.0.0.1", 8000, Role.BOTH, models, Map.of()));
    SchedulingContext ctx = Fixtures.context(Fixtures.state(new Fixtures.Clock(), 1),
        Fixtures.request("hello"), Phase.DECODE, List.of());
    assertThat(new ModelFilter().keep(ctx, e)).isEqualTo(kept);
  }

  static Stream<Arguments> models() {
    return Stream.of(Arguments.of(Set.of(Fixtures.MODEL), true),
        Arguments.of(Set.of("other", Fixtures.MODEL), true), Arguments.of(Set.of("other"), false));
  }

  @ParameterizedTest(name = "label-selector parameters {0}")
  @MethodSource("badLabelParameters")
  void labelSelectorRejectsBadParameters(String json, String message) throws Exception {
    Parameters parameters =
        new Parameters("zone", LabelSelectorFilter.TYPE, new ObjectMapper().readTree(json));
    assertThatThrownBy(() -> LabelSelectorFilter.from(parameters))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plugin 'zone' (type label-selector)")
        .hasMessageContaining(message);
  }

  static Stream<Arguments> badLabelParameters() {
    return Stream.of(Arguments.of("{}", "'matchLabels' is required"),
        Arguments.of("{\"matchLabels\": {}}", "'matchLabels' is required"),
        Arguments.of("{\"matchLabels\": [\"a\"]}", "'matchLabels' must be a map"),
        Arguments.of("{\"matchLabels\": {\"zone\": 1}}", "'matchLabels.zone' must be a string"));
  }
}
