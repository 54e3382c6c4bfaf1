package dev.baton.server.config;

/**
 * One thing wrong with a configuration.
 *
 * @param path the key path at fault, e.g. {@code pools[0].endpoints[1].role} ({@code ""} for the
 *     whole document)
 * @param message what is wrong, for a person
 */
public record ConfigProblem(String path, String message) {}
