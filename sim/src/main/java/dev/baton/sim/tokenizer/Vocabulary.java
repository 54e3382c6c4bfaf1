package dev.baton.sim.tokenizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The words a simulated model says. Each is one tokenizer piece (a leading space and at most six
 * letters), so generated text tokenizes back to exactly the generated ids.
 */
public final class Vocabulary {

  private static final List<String> WORDS =
      List.of(
          "the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "was", "with", "be", "by",
          "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an",
          "had", "they", "you", "were", "their", "one", "all", "we", "can", "her", "has", "there",
          "been", "if", "more", "when", "will", "would", "who", "so", "no", "she", "other", "its",
          "may", "these", "about", "some", "into", "than", "time", "could", "only", "new", "then",
          "first", "also", "any", "like", "over", "most", "after", "such", "made", "many", "before",
          "must", "years", "where", "much", "should", "well", "people", "down", "own",
          "just", "good", "each", "those", "state", "very", "work", "world", "still",
          "under", "never", "same", "while", "last", "might", "great", "since",
          "right", "three", "found", "came", "both", "life", "being", "water",
          "light", "model", "token", "cache", "batch", "queue", "router", "engine", "stream", "block",
          "prefix", "decode", "GPU", "kernel", "memory", "graph", "tensor", "layer", "signal", "river",
          "stone", "garden", "window", "music", "paper", "orange", "silver", "winter", "summer",
          "market", "planet", "forest", "bridge", "harbor", "valley", "letter", "number", "answer",
          "simple", "quick", "bright", "quiet", "steady", "gentle", "ready", "early", "later",
          "inside", "around", "across", "toward", "always", "often", "rarely", "today");

  private static final int[] IDS;
  private static final Map<Integer, String> TEXT = new HashMap<>();

  static {
    IDS = new int[WORDS.size()];
    for (int i = 0; i < IDS.length; i++) {
      String piece = " " + WORDS.get(i);
      IDS[i] = SimTokenizer.idOf(piece);
      TEXT.putIfAbsent(IDS[i], piece);
    }
  }

  private Vocabulary() {}

  /** Number of words. */
  public static int size() {
    return IDS.length;
  }

  /** The id of word {@code index mod size()}. */
  public static int idAt(long index) {
    return IDS[(int) Math.floorMod(index, (long) IDS.length)];
  }

  /** The text of a word id, or null when the id is not one of the words. */
  static String textOf(int id) {
    return TEXT.get(id);
  }
}
