package dev.baton.transfer.upstream;

import java.util.Arrays;
import java.util.Set;

/**
 * A fixed set of header names, matched without regard to case and without lower-casing the name
 * looked up: a worker's answer names its headers {@code Content-Type}, {@code Server}, and a lower
 * case copy of each name of every answer is garbage the relay need not make. Names are bucketed by
 * length, so a lookup compares against the one or two names of that length, if any.
 */
final class HeaderNameSet {
  private final String[][] byLength;

  HeaderNameSet(Set<String> names) {
    int longest = names.stream().mapToInt(String::length).max().orElse(0);
    String[][] buckets = new String[longest + 1][0];
    for (String name : names) {
      String[] bucket = buckets[name.length()];
      bucket = Arrays.copyOf(bucket, bucket.length + 1);
      bucket[bucket.length - 1] = name;
      buckets[name.length()] = bucket;
    }
    this.byLength = buckets;
  }

  /** Whether {@code name}, in any case, is one of the set's. */
  boolean contains(String name) {
    int length = name.length();
    if (length >= byLength.length) {
      return false;
    }
    for (String candidate : byLength[length]) {
      if (candidate.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the {@code [from, to)} part of {@code text}, in any case, is one of the set's. */
  boolean contains(String text, int from, int to) {
    int length = to - from;
    if (length >= byLength.length) {
      return false;
    }
    for (String candidate : byLength[length]) {
      if (text.regionMatches(true, from, candidate, 0, length)) {
        return true;
      }
    }
    return false;
  }
}
