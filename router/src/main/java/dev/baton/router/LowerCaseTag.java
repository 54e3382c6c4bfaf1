package dev.baton.router;

import java.util.Locale;

/**
 * An enum whose metric tag and access-log value is its constant's name in lower case ({@code
 * NO_WORKER} is {@code no_worker}). One rule for every outcome and reason Baton reports, so the
 * names in dashboards follow the code without a label repeated by hand next to each constant.
 */
public interface LowerCaseTag {

  /** The constant's name; every enum has it. */
  String name();

  /** The lower-case name, e.g. {@code below_threshold}. */
  default String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
