package dev.baton.router.scheduling.decider;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.pool.Pool;
import dev.baton.router.scheduling.RoutingPlan.Reason;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.router.scheduling.plugin.Parameters;
import java.util.List;

/**
 * Type {@code pd-decider}: the built-in prefill/decode deciders, chosen by the {@code mode}
 * parameter.
 *
 * <ul>
 *   <li>{@code threshold} (default): split when the prompt tokens not cached on the chosen decode
 *       endpoint reach {@code uncachedTokens}. Without that parameter each pool uses its own
 *       {@code disaggregation.uncachedTokenThreshold} (default 0: split always), which is how Baton
 *       decided before the decider became a plugin. Short or mostly cached prompts then stay on the
 *       decode worker, where a second leg would cost more than the prefill it saves.
 *   <li>{@code always}: split every request (when a prefill endpoint can take it).
 *   <li>{@code never}: keep every request on its decode endpoint, e.g. to drain prefill workers
 *       without editing each pool.
 *   <li>{@code slo}: split a request with a TTFT target when the decode endpoint alone is predicted
 *       to miss it and a prefill endpoint to meet it ({@link SloSplitDecider}); others as {@code
 *       threshold}.
 * </ul>
 */
public final class PdDeciders {
  public static final String TYPE = "pd-decider";
  private static final List<String> MODES = List.of("threshold", "always", "never", "slo");

  /** The decider a profile without one uses: each pool's own threshold. */
  public static final PdDecider POOL_THRESHOLD = new Threshold(-1);

  private PdDeciders() {}

  public static PdDecider from(Parameters parameters, SchedulerState state) {
    return switch (parameters.choice("mode", "threshold", MODES)) {
      case "always" -> Fixed.ALWAYS;
      case "never" -> Fixed.NEVER;
      case "slo" -> new SloSplitDecider(state, threshold(parameters));
      default -> threshold(parameters);
    };
  }

  private static Threshold threshold(Parameters parameters) {
    return new Threshold(parameters.intValue("uncachedTokens", -1, 0, Integer.MAX_VALUE));
  }

  /** Splits from {@code uncachedTokens} up; a negative value defers to the pool's threshold. */
  public record Threshold(int uncachedTokens) implements PdDecider {
    @Override
    public Reason decide(
        SchedulingRequest request, Pool pool, EndpointState decode, int uncachedTokens) {
      int threshold = this.uncachedTokens >= 0
          ? this.uncachedTokens
          : pool.disaggregation().uncachedTokenThreshold();
      return uncachedTokens < threshold ? Reason.BELOW_THRESHOLD : Reason.SPLIT;
    }
  }

  /** A decider that ignores the request: {@code always} and {@code never}. */
  public enum Fixed implements PdDecider {
    ALWAYS(Reason.SPLIT),
    NEVER(Reason.DECIDER_KEPT);

    private final Reason reason;

    Fixed(Reason reason) {
      this.reason = reason;
    }

    @Override
    public Reason decide(
        SchedulingRequest request, Pool pool, EndpointState decode, int uncachedTokens) {
      return reason;
    }
  }
}
