/** NIXL-style prefill/decode handoff: the handle a prefill answers with, the side channel it serves, and the pull a decode makes. */
package dev.baton.sim.handoff;
