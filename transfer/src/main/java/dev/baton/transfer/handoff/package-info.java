/**
 * Prefill/decode disaggregation, the dialect side: how each KV-connector family edits the legs
 * ({@link dev.baton.transfer.handoff.SequentialDialect}, {@link
 * dev.baton.transfer.handoff.ConcurrentDialect}), the {@link dev.baton.transfer.handoff.Dialects}
 * registry, the KV handle, the prefill-failure policy and the handoff counters. The legs themselves
 * run in {@code dev.baton.transfer.protocol}.
 */
package dev.baton.transfer.handoff;
