package dev.baton.transfer.handoff;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A prefill answer read once as tokens, without building its tree (which cost the P/D path more
 * than any other JSON work): whether it is a JSON object, and of one top-level member that is an
 * object, its text exactly as the worker wrote it and which of its own members hold something other
 * than null. Its verdicts are those of reading the tree with Jackson's defaults: every token of the
 * answer is checked, the last of duplicate members wins, bytes after the object are ignored.
 *
 * @param object the answer is a JSON object
 * @param member the text of the member's last occurrence when that is an object; null otherwise
 * @param filled the member's own members whose last value is not null (empty without a member)
 */
public record AnswerScan(boolean object, String member, Set<String> filled) {

  private static final AnswerScan NOT_AN_OBJECT = new AnswerScan(false, null, Set.of());

  /** The factory behind a default {@code ObjectMapper}: the same parsing rules and limits. */
  private static final JsonFactory TOKENS = new JsonFactory();

  private static final ObjectMapper TREES = new ObjectMapper();

  /**
   * Scans {@code answer} for the top-level member {@code name}; empty when the member's text cannot
   * be cut out of the bytes as they are (an encoding other than UTF-8), so the caller reads the tree.
   */
  public static Optional<AnswerScan> of(byte[] answer, String name) {
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
        return Optional.of(new AnswerScan(true, null, Set.of()));
      }
      // Offsets are unknown (-1) when the bytes were decoded as another encoding than UTF-8.
      if (start < 0 || start >= end || end > answer.length || answer[(int) start] != '{'
          || answer[(int) end - 1] != '}') {
        return Optional.empty();
      }
      String text = new String(answer, (int) start, (int) (end - start), StandardCharsets.UTF_8);
      return Optional.of(new AnswerScan(true, text, filled));
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
    return of(answer, null).orElseThrow().object();
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
