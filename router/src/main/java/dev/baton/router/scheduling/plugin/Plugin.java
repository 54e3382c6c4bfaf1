package dev.baton.router.scheduling.plugin;

/**
 * A step of a scheduling profile: a {@link Filter}, a {@link PrefixMatcher}, a {@link Scorer}, a
 * {@link Picker} or a {@link dev.baton.router.scheduling.decider.PdDecider}. Instances are built by a
 * {@link PluginFactory} from one YAML {@code plugins} entry, are immutable apart from the shared
 * scheduler state they were given, and are called from many threads at once.
 */
public interface Plugin {}
