package dev.baton.transfer.handoff;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The handoff dialects by name: the values {@code dialect:} accepts in YAML. Built in: {@code nixl},
 * {@code lmcache}, {@code sglang}, {@code mooncake},
 * {@code p2p-nccl} and {@code none}. A new dialect is one class registered here (an extension or a
 * test calls {@link #register}); configuration validation asks {@link #names()}.
 */
public final class Dialects {
  private static final Map<String, HandoffDialect> BY_NAME = new ConcurrentHashMap<>();
  private static final List<String> NAMES = new CopyOnWriteArrayList<>();

  static {
    register(new NixlDialect());
    register(new LmCacheDialect());
    register(new SglangDialect());
    register(new MooncakeDialect());
    register(new P2pNcclDialect());
    register(new AggregatedDialect());
  }

  private Dialects() {}

  /** Adds a dialect under its {@link HandoffDialect#name()}; a name registers once. */
  public static void register(HandoffDialect dialect) {
    String name = dialect.name().toLowerCase(Locale.ROOT);
    if (BY_NAME.putIfAbsent(name, dialect) != null) {
      throw new IllegalStateException("dialect " + name + " is already registered");
    }
    NAMES.add(name);
  }

  /** The dialect called {@code name} (any case), if registered. */
  public static Optional<HandoffDialect> find(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The dialect called {@code name}; validation has made sure it exists. */
  public static HandoffDialect get(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException(
        "unknown dialect " + name + " (known: " + String.join(", ", NAMES) + ")"));
  }

  /** Every registered name, built-ins first, in registration order. */
  public static List<String> names() {
    return List.copyOf(NAMES);
  }

  /** True when pools with this dialect can split requests in two legs. */
  public static boolean splits(HandoffDialect dialect) {
    return dialect instanceof SequentialDialect || dialect instanceof ConcurrentDialect;
  }
}
