package dev.baton.server.metrics;

import dev.baton.transfer.handoff.HandoffCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * Exposes the two-leg exchange's {@link HandoffCounters} as {@code baton_pd_events_total{event}}:
 * read at scrape time, so the request path keeps its plain adders and pays nothing for metrics.
 */
record HandoffMetrics(HandoffCounters counters) implements MeterBinder {

  @Override
  public void bindTo(MeterRegistry registry) {
    bind(registry, "handoff", HandoffCounters::handoffs);
    bind(registry, "prefill_retry", HandoffCounters::prefillRetries);
    bind(registry, "prefill_failure", HandoffCounters::prefillFailures);
    bind(registry, "prefill_client_error", HandoffCounters::prefillClientErrors);
    bind(registry, "missing_handle", HandoffCounters::missingHandles);
    bind(registry, "decode_fallback", HandoffCounters::decodeFallbacks);
    bind(registry, "decode_retry", HandoffCounters::decodeRetries);
    bind(registry, "client_gone_in_prefill", HandoffCounters::clientsGoneInPrefill);
    bind(registry, "client_gone_between_legs", HandoffCounters::clientsGoneBetweenLegs);
    bind(registry, "blocks_released", HandoffCounters::releases);
  }

  private void bind(MeterRegistry registry, String event, ToDoubleFunction<HandoffCounters> f) {
    FunctionCounter.builder("baton.pd.events", counters, f)
        .description("What split requests did: handoffs, prefill retries and failures, decode "
            + "fallbacks and retries, clients gone, prefill blocks released")
        .tag("event", event)
        .register(registry);
  }
}
