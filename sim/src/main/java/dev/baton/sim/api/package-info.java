/** The vLLM-compatible HTTP API: request validation with vLLM's errors, streamed and whole answers, and the info endpoints. */
package dev.baton.sim.api;
