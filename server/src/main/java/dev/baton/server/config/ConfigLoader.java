package dev.baton.server.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.baton.router.scheduling.config.SchedulingConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a {@link BatonConfig} from YAML, strictly: an unknown key, a value of the wrong type, an
 * unset environment variable, an impossible value or a dangling scheduling reference is an error
 * that names the file, line, column and key path ({@code baton.yaml:14:9: pools[0].endpoints[1].role:
 * ...}). Every problem is reported, not only the first: a key that fails to bind is set aside and
 * binding goes on, so one run of {@code baton validate} shows them all.
 *
 * <p>{@code ${VAR}} and {@code ${VAR:-default}} in values are replaced from the environment first.
 */
public final class ConfigLoader {

  /** Binding problems reported at most, so a file of garbage cannot loop for long. */
  private static final int MAX_BINDING_PROBLEMS = 50;

  private static final ObjectMapper YAML = strictMapper();

  private ConfigLoader() {}

  public static BatonConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /**
   * Parses and validates YAML text, substituting the process environment.
   *
   * @param source a name for messages, usually the file name
   */
  public static BatonConfig parse(String yaml, String source) {
    return parse(yaml, source, System::getenv);
  }

  /**
   * Parses and validates YAML text.
   *
   * @param env looks up environment variables for {@code ${VAR}} (null when unset)
   */
  public static BatonConfig parse(String yaml, String source, Function<String, String> env) {
    JsonNode tree;
    try {
      tree = YAML.readTree(yaml);
    } catch (JacksonException e) {
      throw new ConfigException(source + ":" + lineColumn(e.getLocation()) + ": invalid YAML: "
          + e.getOriginalMessage(), e);
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw new ConfigException(source + ": empty configuration");
    }
    if (!tree.isObject()) {
      throw new ConfigException(source + ":1:1: the configuration must be a mapping of sections");
    }
    List<ConfigProblem> problems = new ArrayList<>();
    new EnvSubstitution(env, YAML).apply(tree, "", problems);
    PolicySets.resolve((ObjectNode) tree, YAML, problems);
    LlmdConfigs.resolve((ObjectNode) tree, source, YAML, problems);
    BatonConfig config = bind((ObjectNode) tree, problems);
    if (config != null) {
      Set<String> reported = new HashSet<>();
      problems.forEach(p -> reported.add(p.path()));
      for (ConfigProblem p : ConfigValidator.validate(config)) {
        // A key that failed to bind was defaulted: checks of its default would only repeat it.
        if (reported.stream().noneMatch(r -> p.path().equals(r) || p.path().startsWith(r + ".")
            || p.path().startsWith(r + "["))) {
          problems.add(p);
        }
      }
    }
    if (!problems.isEmpty()) {
      // Positions are only needed to report problems: read them then, from the original text.
      throw new ConfigException(format(problems, YamlLocations.of(yaml), source));
    }
    return config;
  }

  /**
   * Reads a YAML file other than baton.yaml (a replay's fleet) into {@code type} as strictly as
   * baton.yaml: unknown keys, wrong types and the record's own checks fail with file:line:col.
   */
  public static <T> T loadFile(Path file, Class<T> type) {
    String text;
    JsonNode tree;
    try {
      text = Files.readString(file);
      tree = YAML.readTree(text);
    } catch (JacksonException e) {
      throw new ConfigException(file + ":" + lineColumn(e.getLocation()) + ": invalid YAML: "
          + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new ConfigException(file + ":1:1: expected a mapping of keys");
    }
    try {
      return YAML.treeToValue(tree, type);
    } catch (JsonMappingException e) {
      String path = BindingErrors.path(e);
      throw new ConfigException(file + ":" + YamlLocations.of(text).lineColumn(path) + ": "
          + (path.isEmpty() ? "(root)" : path) + ": " + BindingErrors.message(e), e);
    } catch (JacksonException e) {
      throw new ConfigException(file + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Reads an llm-d {@code EndpointPickerConfig} file as a scheduling section. */
  public static SchedulingConfig loadLlmd(Path file) {
    return LlmdConfigs.load(file, YAML);
  }

  /**
   * Binds a plugin's {@code parameters} mapping (null: none given) into its record as strictly as
   * the rest of the file: unknown keys, wrong types and the record's own checks are errors.
   *
   * @throws IllegalArgumentException with the key path inside the mapping and what is wrong
   */
  public static <T> T bindParameters(JsonNode parameters, Class<T> type) {
    JsonNode node = parameters == null ? YAML.createObjectNode() : parameters;
    try {
      return YAML.treeToValue(node, type);
    } catch (JsonMappingException e) {
      String path = BindingErrors.path(e);
      throw new IllegalArgumentException((path.isEmpty() ? "" : path + ": ")
          + BindingErrors.message(e), e);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  /**
   * Binds the tree, setting aside each key that fails and trying again, so every binding problem is
   * found. Returns the config bound from what remained, or null if binding could not go on.
   */
  private static BatonConfig bind(ObjectNode tree, List<ConfigProblem> problems) {
    for (int attempt = 0; attempt < MAX_BINDING_PROBLEMS; attempt++) {
      try {
        return YAML.treeToValue(tree, BatonConfig.class);
      } catch (JsonMappingException e) {
        String path = BindingErrors.path(e);
        problems.add(new ConfigProblem(path, BindingErrors.message(e)));
        if (path.isEmpty() || !remove(tree, e.getPath())) {
          return null;
        }
      } catch (JacksonException e) {
        problems.add(new ConfigProblem("", e.getOriginalMessage()));
        return null;
      }
    }
    return null;
  }

  /** Takes the failing key out of the tree so its default applies; false if it is not there. */
  private static boolean remove(ObjectNode tree, List<JsonMappingException.Reference> refs) {
    JsonNode node = tree;
    for (int i = 0; i < refs.size() - 1; i++) {
      JsonMappingException.Reference ref = refs.get(i);
      node = ref.getFieldName() != null ? node.get(ref.getFieldName()) : node.get(ref.getIndex());
      if (node == null) {
        return false;
      }
    }
    JsonMappingException.Reference last = refs.get(refs.size() - 1);
    if (node instanceof ObjectNode object && last.getFieldName() != null
        && object.has(last.getFieldName())) {
      object.remove(last.getFieldName());
      return true;
    }
    if (node instanceof ArrayNode array && last.getIndex() >= 0 && last.getIndex() < array.size()
        && !array.get(last.getIndex()).isNull()) {
      // Removing would renumber the elements after it; a null keeps later paths right.
      array.set(last.getIndex(), NullNode.getInstance());
      return true;
    }
    return false;
  }

  private static List<String> format(List<ConfigProblem> problems, YamlLocations locations,
      String source) {
    record Located(int line, int column, String text) {}
    List<Located> lines = new ArrayList<>();
    for (ConfigProblem p : problems) {
      String lc = locations.lineColumn(p.path());
      int colon = lc.indexOf(':');
      String at = p.path().isEmpty() ? "(root)" : p.path();
      lines.add(new Located(Integer.parseInt(lc.substring(0, colon)),
          Integer.parseInt(lc.substring(colon + 1)), p.location() != null
              ? p.location() + ": " + p.message()
              : source + ":" + lc + ": " + at + ": " + p.message()));
    }
    lines.sort(Comparator.comparingInt(Located::line).thenComparingInt(Located::column));
    return lines.stream().map(Located::text).distinct().toList();
  }

  private static String lineColumn(JsonLocation at) {
    return at == null || at.getLineNr() <= 0 ? "1:1" : at.getLineNr() + ":" + at.getColumnNr();
  }

  private static ObjectMapper strictMapper() {
    JsonMapper mapper =
        JsonMapper.builder(new YAMLFactory())
            // A key written twice is a mistake, not "the last one wins".
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addModule(new SimpleModule("baton-durations")
                .addDeserializer(Duration.class, new DurationDeserializer())
                // Built-in policy defaults are laid into the tree as ISO-8601, which reads back.
                .addSerializer(Duration.class, ToStringSerializer.instance))
            .build();
    // "8000" is not a port and "yes" is not a boolean: quoted scalars keep their type.
    for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
      mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
    mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return mapper;
  }
}
