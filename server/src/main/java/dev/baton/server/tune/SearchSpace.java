package dev.baton.server.tune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The knobs one tune searches: every knob of {@link Knob}, the P/D threshold only when the fleet
 * disaggregates (elsewhere it changes nothing and would only dilute the samples).
 *
 * @param knobs the dimensions, in order
 */
public record SearchSpace(List<Knob> knobs) {

  public SearchSpace {
    knobs = List.copyOf(knobs);
  }

  /** The space for a fleet that splits prefill from decode, or not. */
  public static SearchSpace forFleet(boolean disaggregated) {
    List<Knob> knobs = new ArrayList<>(Arrays.asList(Knob.values()));
    if (!disaggregated) {
      knobs.remove(Knob.UNCACHED_TOKEN_THRESHOLD);
    }
    return new SearchSpace(knobs);
  }

  public int dimensions() {
    return knobs.size();
  }

  /** The point at a unit-cube position (one coordinate in [0, 1) per knob). */
  public ProfilePoint pointAt(double[] unit) {
    if (unit.length != knobs.size()) {
      throw new IllegalArgumentException(
          "expected " + knobs.size() + " coordinates, got " + unit.length);
    }
    Map<Knob, Double> values = new EnumMap<>(Knob.class);
    for (int i = 0; i < unit.length; i++) {
      values.put(knobs.get(i), knobs.get(i).valueAt(unit[i]));
    }
    return new ProfilePoint(values);
  }
}
