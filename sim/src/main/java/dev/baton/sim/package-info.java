/**
 * A vLLM-compatible simulated worker: the same HTTP API, metrics, errors and handoff semantics, over a continuous-batching engine model.
 */
package dev.baton.sim;
