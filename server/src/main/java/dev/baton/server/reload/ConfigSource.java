package dev.baton.server.reload;

import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Where a running Baton re-reads its configuration from on a reload.
 *
 * @param file the YAML file ({@code baton serve --config FILE})
 * @param overrides applied to every load, so command-line overrides such as {@code --port} survive
 *     reloads
 */
public record ConfigSource(Path file, UnaryOperator<BatonConfig> overrides) {

  public ConfigSource {
    Objects.requireNonNull(file, "file");
    overrides = overrides == null ? UnaryOperator.identity() : overrides;
  }

  public static ConfigSource of(Path file) {
    return new ConfigSource(file, null);
  }

  /** Reads, validates and overrides; blocking file IO, so never on an event loop. */
  public BatonConfig load() {
    return overrides.apply(ConfigLoader.load(file));
  }
}
