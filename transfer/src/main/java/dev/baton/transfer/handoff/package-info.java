/**
 * Prefill/decode disaggregation: the handoff dialects (one per KV-connector family), the policy for
 * prefill failures and the two-leg exchange that passes the KV handle from prefill to decode.
 */
package dev.baton.transfer.handoff;
