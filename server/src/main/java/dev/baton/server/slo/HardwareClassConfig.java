package dev.baton.server.slo;

import dev.baton.router.latency.HardwareClass;

/**
 * One entry of the YAML {@code hardwareClasses} map: what an hour of the class costs and its engine
 * timings (the simulator's model, docs/calibration.md), from which the latency model starts and the
 * {@code cost} scorer prices work. Endpoints join a class with the label {@code hardware: <name>}.
 * Absent timings are the H100 calibration's.
 *
 * @param costPerHour relative cost per endpoint-hour (default 1)
 * @param stepOverheadMs fixed cost of an engine step, ms (default 6.0)
 * @param prefillUsPerToken compute per prompt token, us (default 30)
 * @param decodeMsPerSeq cost per decoding sequence in a step, ms (default 0.02)
 * @param contextUsPerToken cost per context token read while decoding, us (default 0.043)
 */
public record HardwareClassConfig(Double costPerHour, Double stepOverheadMs,
    Double prefillUsPerToken, Double decodeMsPerSeq, Double contextUsPerToken) {

  public HardwareClassConfig {
    HardwareClass d = HardwareClass.DEFAULT;
    costPerHour = costPerHour == null ? d.costPerHour() : costPerHour;
    stepOverheadMs = stepOverheadMs == null ? d.stepOverheadMs() : stepOverheadMs;
    prefillUsPerToken = prefillUsPerToken == null ? d.prefillUsPerToken() : prefillUsPerToken;
    decodeMsPerSeq = decodeMsPerSeq == null ? d.decodeMsPerSeq() : decodeMsPerSeq;
    contextUsPerToken = contextUsPerToken == null ? d.contextUsPerToken() : contextUsPerToken;
    toClass("hardwareClasses entry", costPerHour, stepOverheadMs, prefillUsPerToken,
        decodeMsPerSeq, contextUsPerToken); // range check
  }

  private static HardwareClass toClass(String name, double cost, double step, double prefill,
      double decode, double context) {
    return new HardwareClass(name, cost, step, prefill, decode, context);
  }

  /** The router's class of this name. */
  public HardwareClass toClass(String name) {
    return toClass(name, costPerHour, stepOverheadMs, prefillUsPerToken, decodeMsPerSeq,
        contextUsPerToken);
  }
}
