/** The {@code baton sim} command. */
package dev.baton.sim.cli;
