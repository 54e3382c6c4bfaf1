package dev.baton.transfer.handoff;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * A JSON object's bytes with some top-level members cut out and others put first, the rest copied
 * as they are: a leg's body made from the client's bytes instead of a copy of its tree written out
 * (for a long prompt, most of a leg's own cost). Parsed, it is the tree with those members removed
 * and then set, duplicates included (all copies of a cut name go; of the others the last still
 * wins).
 */
final class MemberCut {

  private static final JsonFactory TOKENS = new JsonFactory();

  private MemberCut() {}

  /**
   * {@code object} without the members named in {@code cut}, with {@code first} (members' JSON text
   * without braces, or empty; given the cut names the bytes held) in front; null when the bytes are
   * no object, or come in an encoding other than UTF-8, so the caller writes the tree out.
   */
  static Buffer apply(Buffer object, Set<String> cut, Function<Set<String>, String> first) {
    byte[] bytes = object.getBytes();
    // Where each top-level member starts, then where the object closes: member i is [i, i+1).
    int[] starts = new int[16];
    boolean[] kept = new boolean[16];
    int members = 0;
    Set<String> found = Set.of();
    try (JsonParser tokens = TOKENS.createParser(bytes)) {
      if (tokens.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (tokens.nextToken() == JsonToken.FIELD_NAME) {
        if (members + 1 == starts.length) {
          starts = Arrays.copyOf(starts, members * 2);
          kept = Arrays.copyOf(kept, members * 2);
        }
        String name = tokens.currentName();
        starts[members] = at(tokens.currentTokenLocation().getByteOffset(), bytes, '"');
        kept[members++] = !cut.contains(name);
        if (!kept[members - 1]) {
          found = found.isEmpty() ? new HashSet<>() : found;
          found.add(name);
        }
        tokens.nextToken();
        tokens.skipChildren();
      }
      starts[members] = at(tokens.currentTokenLocation().getByteOffset(), bytes, '}');
    } catch (IOException | IndexOutOfBoundsException e) {
      // Not an object we can cut (or offsets that do not point where they should): the tree does it.
      return null;
    }
    String head = first.apply(found);
    Buffer body = Buffer.buffer(bytes.length + head.length() + 16).appendByte((byte) '{')
        .appendString(head);
    boolean empty = head.isEmpty();
    for (int i = 0; i < members; i++) {
      if (kept[i]) {
        if (!empty) {
          body.appendByte((byte) ',');
        }
        body.appendBytes(bytes, starts[i], valueEnd(bytes, starts[i + 1]) - starts[i]);
        empty = false;
      }
    }
    return body.appendByte((byte) '}');
  }

  /** {@code offset}, checked to hold {@code expected}; out of bounds otherwise. */
  private static int at(long offset, byte[] bytes, char expected) {
    if (offset < 0 || offset >= bytes.length || bytes[(int) offset] != expected) {
      throw new IndexOutOfBoundsException("no " + expected + " at " + offset);
    }
    return (int) offset;
  }

  /** The end of a member's value, before the comma and blanks that lead to {@code next}. */
  private static int valueEnd(byte[] bytes, int next) {
    int end = next;
    while (isBlank(bytes[end - 1])) {
      end--;
    }
    if (bytes[end - 1] == ',') {
      end--;
      while (isBlank(bytes[end - 1])) {
        end--;
      }
    }
    return end;
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }
}
