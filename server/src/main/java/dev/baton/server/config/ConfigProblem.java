package dev.baton.server.config;

/**
 * One thing wrong with a configuration.
 *
 * @param path the key path at fault, e.g. {@code pools[0].endpoints[1].role} ({@code ""} for the
 *     whole document)
 * @param message what is wrong, for a person
 * @param location {@code file:line:column} when the problem is in another file than the one being
 *     loaded (an llm-d {@code EndpointPickerConfig} it names), else null: {@code path} locates it
 */
public record ConfigProblem(String path, String message, String location) {

  public ConfigProblem(String path, String message) {
    this(path, message, null);
  }
}
