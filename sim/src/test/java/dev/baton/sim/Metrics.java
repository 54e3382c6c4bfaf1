package dev.baton.sim;

/** Reads one series from a Prometheus text exposition. */
final class Metrics {

  private Metrics() {}

  /** The value of the first sample whose name is {@code name} and whose labels contain {@code labelPart}. */
  static double value(String exposition, String name, String labelPart) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name + "{") && line.contains(labelPart)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no sample " + name + " with " + labelPart + " in:\n" + exposition);
  }

  static double value(String exposition, String name) {
    return value(exposition, name, "");
  }
}
