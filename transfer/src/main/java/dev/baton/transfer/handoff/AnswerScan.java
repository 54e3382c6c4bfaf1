package dev.baton.transfer.handoff;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A prefill answer read once, without building its tree (which cost the P/D path more than any
 * other JSON work): whether it is a JSON object, and of one top-level member that is an object, its
 * text exactly as the worker wrote it and whether the members it must hold are there and not null.
 * Its verdicts are those of reading the tree with Jackson's defaults: every token of the answer is
 * checked, the last of duplicate members wins, bytes after the object are ignored. Plain JSON is
 * read by {@link ValueSkip}, anything else by Jackson's tokens.
 *
 * @param object the answer is a JSON object
 * @param member the text of the member's last occurrence when that is an object; null otherwise
 * @param filled the member holds every required member, the last of each not null
 */
public record AnswerScan(boolean object, String member, boolean filled) {

  private static final AnswerScan NOT_AN_OBJECT = new AnswerScan(false, null, false);
  private static final AnswerScan NO_MEMBER = new AnswerScan(true, null, false);

  /** The factory behind a default {@code ObjectMapper}: the same parsing rules and limits. */
  private static final JsonFactory TOKENS = new JsonFactory();

  private static final ObjectMapper TREES = new ObjectMapper();

  /**
   * What a scan looks for, its names as bytes once and for all: a top-level member, and the members
   * that one must hold. Names are ASCII, as written without escapes.
   */
  public static final class Sought {
    private final String name;
    private final List<String> required;
    private final byte[][] requiredBytes;

    /**
     * @param name the top-level member, or null for none
     * @param required its members that must hold something other than null (at most 63)
     */
    public Sought(String name, List<String> required) {
      if (required.size() > 63 || !isAscii(name) || !required.stream().allMatch(Sought::isAscii)) {
        throw new IllegalArgumentException("names must be ASCII, at most 63 required: " + required);
      }
      this.name = name;
      this.required = List.copyOf(required);
      this.requiredBytes = required.stream().map(each -> each.getBytes(StandardCharsets.US_ASCII))
          .toArray(byte[][]::new);
    }

    private static boolean isAscii(String name) {
      return name == null || name.chars().allMatch(c -> c < 0x80);
    }
  }

  /** Only whether an answer is an object. */
  private static final Sought NOTHING = new Sought(null, List.of());

  /**
   * Scans {@code answer} for what is {@code sought}; empty when the member's text cannot be cut out
   * of the bytes as they are (an encoding other than UTF-8), so the caller reads the tree.
   */
  public static Optional<AnswerScan> of(byte[] answer, Sought sought) {
    AnswerScan quick = quick(answer, sought);
    return quick != null ? Optional.of(quick) : byTokens(answer, sought);
  }

  /**
   * {@link #of} by {@link ValueSkip}, without a parser: null when it is unsure (anything but plain
   * JSON, a name with an escape), and the tokens decide.
   */
  static AnswerScan quick(byte[] answer, Sought sought) {
    int i = ValueSkip.blank(answer, 0);
    if (i >= answer.length || answer[i] != '{') {
      return null;
    }
    AnswerScan scan = NO_MEMBER;
    i = ValueSkip.blank(answer, i + 1);
    if (i < answer.length && answer[i] == '}') {
      return scan;
    }
    while (true) {
      int nameEnd = ValueSkip.plainName(answer, i);
      int colon = ValueSkip.expect(answer, nameEnd, ':');
      if (colon == ValueSkip.UNSURE) {
        return null;
      }
      int start = ValueSkip.blank(answer, colon + 1);
      boolean wanted = sought.name != null && ValueSkip.nameIs(answer, i, nameEnd, sought.name);
      int end;
      if (wanted && start < answer.length && answer[start] == '{') {
        long[] filled = {0};
        end = filledMembers(answer, start, sought.requiredBytes, filled);
        scan = end == ValueSkip.UNSURE ? null : new AnswerScan(true,
            new String(answer, start, end - start, StandardCharsets.UTF_8),
            filled[0] == (1L << sought.required.size()) - 1);
      } else {
        end = ValueSkip.value(answer, start, 1);
        // The last occurrence wins: a later one that is no object leaves no member.
        scan = wanted ? NO_MEMBER : scan;
      }
      i = end == ValueSkip.UNSURE ? answer.length : ValueSkip.blank(answer, end);
      if (scan == null || i >= answer.length) {
        return null;
      }
      if (answer[i] == '}') {
        return scan;
      }
      i = answer[i] == ',' ? ValueSkip.blank(answer, i + 1) : answer.length;
    }
  }

  /** {@link #of} by Jackson's tokens: the reading {@link #quick} defers to when it is unsure. */
  static Optional<AnswerScan> byTokens(byte[] answer, Sought sought) {
    String name = sought.name;
    try (JsonParser tokens = TOKENS.createParser(answer)) {
      if (tokens.nextToken() != JsonToken.START_OBJECT) {
        return Optional.of(NOT_AN_OBJECT);
      }
      boolean found = false;
      long start = -1;
      long end = -1;
      Set<String> filled = Set.of();
      while (tokens.nextToken() == JsonToken.FIELD_NAME) {
        boolean wanted = name != null && name.equals(tokens.currentName());
        JsonToken value = tokens.nextToken();
        if (!wanted || value != JsonToken.START_OBJECT) {
          found &= !wanted;
          tokens.skipChildren();
          continue;
        }
        found = true;
        start = tokens.currentTokenLocation().getByteOffset();
        filled = filledMembers(tokens);
        end = tokens.currentLocation().getByteOffset();
      }
      if (!found) {
        return Optional.of(NO_MEMBER);
      }
      // Offsets are unknown (-1) when the bytes were decoded as another encoding than UTF-8.
      if (start < 0 || start >= end || end > answer.length || answer[(int) start] != '{'
          || answer[(int) end - 1] != '}') {
        return Optional.empty();
      }
      String text = new String(answer, (int) start, (int) (end - start), StandardCharsets.UTF_8);
      return Optional.of(new AnswerScan(true, text, filled.containsAll(sought.required)));
    } catch (IOException e) {
      // Not JSON (or beyond the parser's limits): what reading the tree would have rejected too.
      return Optional.of(NOT_AN_OBJECT);
    }
  }

  /** The answer's tree, for a dialect that needs all of it; null when it is not a JSON object. */
  public static ObjectNode tree(byte[] answer) {
    try {
      return TREES.readTree(answer) instanceof ObjectNode object ? object : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Whether {@code answer} is a JSON object, read as tokens. */
  public static boolean isObject(byte[] answer) {
    return of(answer, NOTHING).orElseThrow().object();
  }

  /**
   * {@link #filledMembers(JsonParser)} in bytes, for the required names only (bit i for
   * {@code required[i]}, set while its last value so far is not null): the object's end, or
   * unsure (a name with an escape among them).
   */
  private static int filledMembers(byte[] bytes, int open, byte[][] required, long[] filled) {
    int i = ValueSkip.blank(bytes, open + 1);
    if (i < bytes.length && bytes[i] == '}') {
      return i + 1;
    }
    while (true) {
      int nameEnd = ValueSkip.plainName(bytes, i);
      int colon = ValueSkip.expect(bytes, nameEnd, ':');
      int start = colon == ValueSkip.UNSURE ? bytes.length : ValueSkip.blank(bytes, colon + 1);
      int end = ValueSkip.value(bytes, start, 2);
      if (end == ValueSkip.UNSURE) {
        return ValueSkip.UNSURE;
      }
      for (int k = 0; k < required.length; k++) {
        if (nameEnd - i - 2 == required[k].length
            && Arrays.equals(bytes, i + 1, nameEnd - 1, required[k], 0, required[k].length)) {
          // A value that starts with n and was read is null.
          filled[0] = bytes[start] == 'n' ? filled[0] & ~(1L << k) : filled[0] | (1L << k);
        }
      }
      i = ValueSkip.blank(bytes, end);
      if (i >= bytes.length) {
        return ValueSkip.UNSURE;
      }
      if (bytes[i] == '}') {
        return i + 1;
      }
      i = bytes[i] == ',' ? ValueSkip.blank(bytes, i + 1) : bytes.length;
    }
  }

  /** Reads one object from its opening brace to its closing one, noting which members hold a value. */
  private static Set<String> filledMembers(JsonParser tokens) throws IOException {
    Set<String> filled = new HashSet<>();
    while (tokens.nextToken() == JsonToken.FIELD_NAME) {
      String key = tokens.currentName();
      if (tokens.nextToken() == JsonToken.VALUE_NULL) {
        filled.remove(key);
      } else {
        filled.add(key);
        tokens.skipChildren();
      }
    }
    return filled;
  }
}
