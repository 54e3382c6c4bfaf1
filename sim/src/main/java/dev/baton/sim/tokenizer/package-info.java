/** A deterministic stand-in for the Llama 3 tokenizer and chat template. */
package dev.baton.sim.tokenizer;
