package dev.baton.router.scheduling.config;

/**
 * One problem of a scheduling config, with where it is: a key path relative to the section, such as
 * {@code plugins[2]} or {@code schedulingProfiles[0].plugins[1]}, so a config loader can point at
 * the plugin's own line rather than at the section.
 *
 * @param path the entry at fault, relative to the scheduling section ({@code ""}: the section)
 * @param message what is wrong, naming the plugin or profile
 */
public record SchedulingProblem(String path, String message) {}
