package dev.baton.server.metrics;

import dev.baton.transfer.relay.RelayCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Exposes the SSE relay's {@link RelayCounters}: backpressure, client aborts, broken streams. */
record RelayMetrics(RelayCounters counters) implements MeterBinder {

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("baton.relay.pauses", counters, RelayCounters::pauses)
        .description("Times a worker stream was paused because its client read too slowly")
        .register(registry);
    Gauge.builder("baton.relay.paused.streams", counters, RelayCounters::pausedNow)
        .description("Worker streams paused right now, waiting for their client")
        .strongReference(true)
        .register(registry);
    FunctionCounter.builder("baton.relay.client.aborts", counters, RelayCounters::clientAborts)
        .description("Relays ended because the client left")
        .register(registry);
    FunctionCounter.builder("baton.relay.midstream.failures", counters,
            RelayCounters::midStreamFailures)
        .description("Worker answers that failed or went idle after they had started")
        .register(registry);
  }
}
