/** Injected faults, by header or by configured rates. */
package dev.baton.sim.fault;
