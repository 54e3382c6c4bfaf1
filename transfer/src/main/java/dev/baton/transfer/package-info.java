/**
 * Moving requests and the KV-cache handle between Baton and its workers: handoff dialects, the two-leg orchestration and the SSE relay.
 */
package dev.baton.transfer;
