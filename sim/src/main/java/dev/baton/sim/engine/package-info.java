/** The continuous-batching engine model: scheduling after vLLM's v1 scheduler, a paged KV cache with prefix caching, and deterministic generation, on a virtual clock. */
package dev.baton.sim.engine;
