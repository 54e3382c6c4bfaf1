package dev.baton.sim.api;

import dev.baton.sim.Flavor;
import dev.baton.sim.SimConfig;
import dev.baton.sim.engine.Engine;
import dev.baton.sim.handoff.Handoff;
import dev.baton.sim.metrics.SimMetrics;

/** What the HTTP handlers of one worker share. */
public record ApiServices(
    SimConfig config, Flavor flavor, Engine engine, RequestCounters counters, SimMetrics metrics,
    Handoff handoff) {}
