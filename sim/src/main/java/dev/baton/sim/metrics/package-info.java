/** vLLM's Prometheus metrics, with vLLM's names and labels. */
package dev.baton.sim.metrics;
