package dev.baton.server.tune;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One point of the search space: a value for each knob searched. Knobs left out (the threshold on
 * an aggregated fleet) keep the default profile's behaviour.
 *
 * @param values the value of each searched knob
 */
public record ProfilePoint(Map<Knob, Double> values) {

  public ProfilePoint {
    values = Collections.unmodifiableMap(new EnumMap<>(values));
  }

  /** The knob's value here, or its default when it is not searched. */
  public double get(Knob knob) {
    return values.getOrDefault(knob, knob.defaultValue());
  }

  public boolean has(Knob knob) {
    return values.containsKey(knob);
  }

  public PickerChoice picker() {
    return PickerChoice.values()[(int) get(Knob.PICKER)];
  }

  /** Knob keys to values, in knob order, for the trials JSON and the report. */
  public Map<String, Object> byKey() {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach((knob, value) ->
        out.put(knob.key(), knob == Knob.PICKER ? picker().type() : value));
    return out;
  }
}
