package dev.baton.router.scheduling.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.router.scheduling.ProfileScheduler;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.testing.Fixtures;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchedulingConfigTest {
  private static SchedulingConfig parse(String json) throws Exception {
    return Fixtures.schedulingConfig(json);
  }

  @Test
  void defaultsCompile() {
    SchedulingConfig defaults = SchedulingConfig.defaults();
    assertThat(ProfileScheduler.create(defaults, SchedulerState.create())).isNotNull();
    assertThat(defaults.schedulingProfiles()).extracting(ProfileSpec::name)
        .containsExactly("decode", "prefill");
  }

  @Test
  void bindsTheYamlShapeWithDefaultsForNameAndWeight() throws Exception {
    SchedulingConfig config = parse("""
        {'plugins': [
           {'name': 'prefix', 'type': 'approximate-prefix', 'parameters': {'blockChars': 32}},
           {'type': 'queue-depth'},
           {'type': 'max-score'}],
         'schedulingProfiles': [
           {'name': 'decode', 'plugins': [
              {'pluginRef': 'prefix', 'weight': 3},
              {'pluginRef': 'queue-depth'},
              {'pluginRef': 'max-score'}]}]}""");
    assertThat(config.plugins()).extracting(PluginSpec::name)
        .containsExactly("prefix", "queue-depth", "max-score");
    assertThat(config.plugins().get(0).parameters().get("blockChars").asInt()).isEqualTo(32);
    assertThat(config.schedulingProfiles().get(0).plugins())
        .containsExactly(new PluginRef("prefix", 3), new PluginRef("queue-depth", 1),
            new PluginRef("max-score", 1));
    assertThat(ProfileScheduler.create(config, SchedulerState.create())).isNotNull();
  }

  static Stream<Arguments> invalid() {
    String picker = "{'type': 'max-score'}";
    String decode = "{'name': 'decode', 'plugins': [{'pluginRef': 'max-score'}]}";
    return Stream.of(
        Arguments.of("unknown type",
            "{'plugins': [{'name': 'x', 'type': 'magic'}, " + picker + "], "
                + "'schedulingProfiles': [" + decode + "]}",
            "plugin 'x': unknown type 'magic' (known: "),
        Arguments.of("missing type",
            "{'plugins': [{'name': 'x'}, " + picker + "], 'schedulingProfiles': [" + decode + "]}",
            "plugins[0]: 'type' is required"),
        Arguments.of("duplicate plugin names",
            "{'plugins': [" + picker + ", " + picker + "], 'schedulingProfiles': [" + decode + "]}",
            "plugins[1]: duplicate plugin name 'max-score'"),
        Arguments.of("dangling pluginRef",
            "{'plugins': [" + picker + "], 'schedulingProfiles': [{'name': 'decode', 'plugins': ["
                + "{'pluginRef': 'max-score'}, {'pluginRef': 'nope', 'weight': 2}]}]}",
            "profile 'decode': pluginRef 'nope' names no entry of 'plugins'"),
        Arguments.of("negative weight",
            "{'plugins': [{'type': 'queue-depth'}, " + picker + "], 'schedulingProfiles': ["
                + "{'name': 'decode', 'plugins': [{'pluginRef': 'queue-depth', 'weight': -1}, "
                + "{'pluginRef': 'max-score'}]}]}",
            "profile 'decode': plugin 'queue-depth' has weight -1.0; weights must be finite and >= 0"),
        Arguments.of("no picker",
            "{'plugins': [{'type': 'queue-depth'}], 'schedulingProfiles': ["
                + "{'name': 'decode', 'plugins': [{'pluginRef': 'queue-depth'}]}]}",
            "profile 'decode': needs a picker"),
        Arguments.of("two pickers",
            "{'plugins': [" + picker + ", {'type': 'round-robin'}], 'schedulingProfiles': ["
                + "{'name': 'decode', 'plugins': [{'pluginRef': 'max-score'}, "
                + "{'pluginRef': 'round-robin'}]}]}",
            "profile 'decode': has 2 pickers; exactly one is allowed"),
        Arguments.of("referenced twice",
            "{'plugins': [" + picker + "], 'schedulingProfiles': [{'name': 'decode', 'plugins': ["
                + "{'pluginRef': 'max-score'}, {'pluginRef': 'max-score'}]}]}",
            "profile 'decode': plugin 'max-score' is referenced twice"),
        Arguments.of("no decode profile",
            "{'plugins': [" + picker + "], 'schedulingProfiles': [{'name': 'prefill', "
                + "'plugins': [{'pluginRef': 'max-score'}]}]}",
            "a 'decode' profile is required"),
        Arguments.of("unknown profile name",
            "{'plugins': [" + picker + "], 'schedulingProfiles': [" + decode + ", {'name': 'dekode', "
                + "'plugins': [{'pluginRef': 'max-score'}]}]}",
            "schedulingProfiles[1]: profile name must be 'decode' or 'prefill', got 'dekode'"),
        Arguments.of("duplicate profile",
            "{'plugins': [" + picker + "], 'schedulingProfiles': [" + decode + ", " + decode + "]}",
            "schedulingProfiles[1]: duplicate profile 'decode'"),
        Arguments.of("parameter out of range",
            "{'plugins': [{'name': 'prefix', 'type': 'approximate-prefix', 'parameters': "
                + "{'blockChars': 0}}, " + picker + "], 'schedulingProfiles': [" + decode + "]}",
            "plugin 'prefix' (type approximate-prefix): parameter 'blockChars' must be a whole number in [1, "),
        Arguments.of("index setting left on the scorer",
            "{'plugins': [{'name': 'prefix', 'type': 'prefix-cache', 'parameters': "
                + "{'blockChars': 32}}, " + picker + "], 'schedulingProfiles': [" + decode + "]}",
            "plugin 'prefix' (type prefix-cache): parameter 'blockChars' now belongs to a prefix "
                + "matcher: declare {type: approximate-prefix, parameters: {blockChars: ...}}"),
        Arguments.of("parameter of the wrong type",
            "{'plugins': [{'name': 'q', 'type': 'queue-depth', 'parameters': "
                + "{'maxMetricsAgeMillis': '2s'}}, " + picker + "], 'schedulingProfiles': ["
                + decode + "]}",
            "plugin 'q' (type queue-depth): parameter 'maxMetricsAgeMillis' must be a whole number"),
        Arguments.of("unknown parameter",
            "{'plugins': [{'name': 'prefix', 'type': 'prefix-cache', 'parameters': "
                + "{'blokChars': 32}}, " + picker + "], 'schedulingProfiles': [" + decode + "]}",
            "plugin 'prefix' (type prefix-cache): unknown parameter [blokChars]"),
        Arguments.of("parameters not an object",
            "{'plugins': [{'name': 'q', 'type': 'queue-depth', 'parameters': [1]}, " + picker
                + "], 'schedulingProfiles': [" + decode + "]}",
            "plugin 'q' (type queue-depth): parameters must be an object"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsWithAMessageNamingThePlace(String name, String json, String message)
      throws Exception {
    SchedulingConfigException e = catchThrowableOfType(SchedulingConfigException.class,
        () -> ProfileScheduler.create(parse(json), SchedulerState.create()));
    assertThat(e).as("expected a config error").isNotNull();
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains(message));
  }

  @Test
  void reportsEveryProblemAtOnce() throws Exception {
    SchedulingConfigException e = catchThrowableOfType(SchedulingConfigException.class,
        () -> ProfileScheduler.create(parse("""
            {'plugins': [{'type': 'magic'}, {'type': 'queue-depth', 'parameters': {'minRange': -1}}],
             'schedulingProfiles': [{'name': 'decode', 'plugins': [{'pluginRef': 'ghost'}]}]}"""),
            SchedulerState.create()));
    assertThat(e.problems()).hasSize(4);
    assertThat(e.getMessage()).contains("magic", "minRange", "ghost", "needs a picker");
  }
}
