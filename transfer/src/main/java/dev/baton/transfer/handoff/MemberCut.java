package dev.baton.transfer.handoff;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;

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
  static Buffer apply(Buffer object, Names cut, Function<Set<String>, String> first) {
    byte[] bytes = object.getBytes();
    Layout layout = quick(bytes, cut);
    return write(bytes, layout != null ? layout : byTokens(bytes, cut), first);
  }

  /**
   * Where the top-level members lie and which go: member i is {@code [starts[i], starts[i + 1])}
   * (its name's quote to the next one's, or to the closing brace for the last).
   *
   * @param found the cut names the object held
   */
  record Layout(int[] starts, boolean[] kept, int members, Set<String> found) {}

  /** The layout by Jackson's tokens; null when the bytes are no object (or not UTF-8). */
  static Layout byTokens(byte[] bytes, Names cut) {
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
    return new Layout(starts, kept, members, found);
  }

  /**
   * {@link #byTokens} by {@link ValueSkip}, without a parser: null when it is unsure (anything but
   * plain JSON, a name with an escape), and the tokens decide.
   */
  static Layout quick(byte[] bytes, Names cut) {
    int i = ValueSkip.blank(bytes, 0);
    if (i >= bytes.length || bytes[i] != '{') {
      return null;
    }
    int[] starts = new int[16];
    boolean[] kept = new boolean[16];
    int members = 0;
    int found = 0;
    i = ValueSkip.blank(bytes, i + 1);
    while (i < bytes.length && bytes[i] != '}') {
      int nameEnd = ValueSkip.plainName(bytes, i);
      int colon = ValueSkip.expect(bytes, nameEnd, ':');
      int end = colon == ValueSkip.UNSURE ? ValueSkip.UNSURE
          : ValueSkip.value(bytes, ValueSkip.blank(bytes, colon + 1), 1);
      int next = end == ValueSkip.UNSURE ? bytes.length : ValueSkip.blank(bytes, end);
      if (next >= bytes.length || (bytes[next] != ',' && bytes[next] != '}')) {
        return null;
      }
      if (members + 1 == starts.length) {
        starts = Arrays.copyOf(starts, members * 2);
        kept = Arrays.copyOf(kept, members * 2);
      }
      int named = cut.indexOf(bytes, i + 1, nameEnd - 1);
      starts[members] = i;
      kept[members++] = named < 0;
      found |= named < 0 ? 0 : 1 << named;
      // After a comma another member must come: a closing brace there is no JSON.
      i = bytes[next] == ',' ? ValueSkip.blank(bytes, next + 1) : next;
      if (bytes[next] == ',' && (i >= bytes.length || bytes[i] != '"')) {
        return null;
      }
    }
    if (i >= bytes.length) {
      return null;
    }
    starts[members] = i;
    return new Layout(starts, kept, members, cut.subset(found));
  }

  /** The cut object from its layout; null without one. */
  static Buffer write(byte[] bytes, Layout layout, Function<Set<String>, String> first) {
    if (layout == null) {
      return null;
    }
    int[] starts = layout.starts();
    String head = first.apply(layout.found());
    Buffer body = Buffer.buffer(bytes.length + head.length() + 16).appendByte((byte) '{')
        .appendString(head);
    boolean empty = head.isEmpty();
    for (int i = 0; i < layout.members(); i++) {
      if (layout.kept()[i]) {
        if (!empty) {
          body.appendByte((byte) ',');
        }
        body.appendBytes(bytes, starts[i], valueEnd(bytes, starts[i + 1]) - starts[i]);
        empty = false;
      }
    }
    return body.appendByte((byte) '}');
  }

  /**
   * The names of the members to cut, as bytes once (ASCII, as written without escapes), and each
   * set of them a body can hold, made once: a body's cut names are found without a string per
   * member or a set per body.
   */
  static final class Names {
    private final List<String> names;
    private final byte[][] bytes;
    private final Set<String>[] subsets;

    @SuppressWarnings("unchecked")
    Names(Set<String> names) {
      if (names.size() > 10 || !names.stream().allMatch(n -> n.chars().allMatch(c -> c < 0x80))) {
        throw new IllegalArgumentException("at most 10 ASCII names: " + names);
      }
      this.names = List.copyOf(names);
      this.bytes = this.names.stream().map(name -> name.getBytes(StandardCharsets.US_ASCII))
          .toArray(byte[][]::new);
      this.subsets = new Set[1 << names.size()];
    }

    boolean contains(String name) {
      return names.contains(name);
    }

    /** The index of the name in {@code body[from, to)}, or -1. */
    int indexOf(byte[] body, int from, int to) {
      for (int k = 0; k < bytes.length; k++) {
        if (to - from == bytes[k].length && Arrays.equals(body, from, to, bytes[k], 0, to - from)) {
          return k;
        }
      }
      return -1;
    }

    /** The names whose bits {@code mask} holds; made once (a race makes equal sets, either will do). */
    Set<String> subset(int mask) {
      Set<String> subset = subsets[mask];
      if (subset == null) {
        subset = Set.copyOf(IntStream.range(0, bytes.length)
            .filter(k -> (mask & (1 << k)) != 0).mapToObj(names::get).toList());
        subsets[mask] = subset;
      }
      return subset;
    }
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
