/** JUnit 5 support: simulated workers started once per test class. */
package dev.baton.sim.junit;
