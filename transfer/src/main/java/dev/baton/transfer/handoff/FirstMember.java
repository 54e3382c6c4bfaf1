package dev.baton.transfer.handoff;

import io.vertx.core.buffer.Buffer;

/**
 * A JSON object's bytes with one member added as its first: the body Baton forwards plus what a
 * leg adds to it, without parsing the client's bytes again or writing a copy of its tree out (for
 * a long prompt, most of a leg's cost). The caller knows the object has no member of that name.
 */
public final class FirstMember {

  private FirstMember() {}

  /**
   * {@code object} with {@code "name":value} as its first member; null when the bytes do not start
   * with an object ({@code value} is JSON text, {@code name} needs no escaping).
   */
  public static Buffer splice(Buffer object, String name, String value) {
    int open = 0;
    while (open < object.length() && object.getByte(open) != '{') {
      if (!Character.isWhitespace(object.getByte(open))) {
        return null;
      }
      open++;
    }
    int next = open + 1;
    while (next < object.length() && Character.isWhitespace(object.getByte(next))) {
      next++;
    }
    if (next >= object.length()) {
      return null;
    }
    // Written piece by piece: no string of the whole member made first (a handle is ~200 chars).
    Buffer spliced = Buffer.buffer(object.length() + name.length() + value.length() + 8)
        .appendBuffer(object, 0, open + 1)
        .appendByte((byte) '"')
        .appendString(name)
        .appendString("\":")
        .appendString(value);
    if (object.getByte(next) != '}') {
      spliced.appendByte((byte) ',');
    }
    return spliced.appendBuffer(object, open + 1, object.length() - open - 1);
  }
}
