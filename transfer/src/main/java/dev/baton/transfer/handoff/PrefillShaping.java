package dev.baton.transfer.handoff;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

/** The prefill-leg edits every vLLM connector shares: one token, no streaming, no minimum length. */
final class PrefillShaping {

  /** The members the prefill leg sets or drops; the client's {@code kv_transfer_params} never goes. */
  private static final Set<String> REPLACED = Set.of("stream", "stream_options", "max_tokens",
      "max_completion_tokens", "min_tokens", "min_completion_tokens", "kv_transfer_params");

  private static final JsonFactory TOKENS = new JsonFactory();

  private PrefillShaping() {}

  static ObjectNode oneToken(ObjectNode clientBody, RequestKind kind) {
    ObjectNode body = clientBody.deepCopy();
    body.put("stream", false);
    // vLLM rejects stream_options on a non-streaming request.
    body.remove("stream_options");
    body.put("max_tokens", 1);
    if (kind == RequestKind.CHAT || body.has("max_completion_tokens")) {
      body.put("max_completion_tokens", 1);
    }
    body.remove("min_tokens");
    body.remove("min_completion_tokens");
    return body;
  }

  /**
   * {@link #oneToken} (plus {@code added}, members' JSON text without braces, or empty) made from the
   * client's bytes instead of a copy of its tree: its members copied as they are, those the prefill
   * sets or drops cut out. The same JSON once parsed; null when the bytes are no object (or come in
   * an encoding other than UTF-8), so the caller writes the tree out.
   */
  static Buffer oneTokenBytes(Buffer clientBytes, RequestKind kind, String added) {
    byte[] bytes = clientBytes.getBytes();
    // Where each top-level member starts, then where the object closes: member i is [i, i+1).
    int[] starts = new int[16];
    boolean[] kept = new boolean[16];
    int members = 0;
    boolean hadMaxCompletionTokens = false;
    try (JsonParser tokens = TOKENS.createParser(bytes)) {
      if (tokens.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      JsonToken token;
      while ((token = tokens.nextToken()) == JsonToken.FIELD_NAME) {
        if (members + 1 == starts.length) {
          starts = Arrays.copyOf(starts, members * 2);
          kept = Arrays.copyOf(kept, members * 2);
        }
        String name = tokens.currentName();
        hadMaxCompletionTokens |= name.equals("max_completion_tokens");
        starts[members] = at(tokens.currentTokenLocation().getByteOffset(), bytes, '"');
        kept[members++] = !REPLACED.contains(name);
        tokens.nextToken();
        tokens.skipChildren();
      }
      starts[members] = at(tokens.currentTokenLocation().getByteOffset(), bytes, '}');
    } catch (IOException | IndexOutOfBoundsException e) {
      // Not an object we can cut (or offsets that do not point where they should): the tree does it.
      return null;
    }
    Buffer body = Buffer.buffer(bytes.length + added.length() + 64)
        .appendString("{\"stream\":false,\"max_tokens\":1");
    if (kind == RequestKind.CHAT || hadMaxCompletionTokens) {
      body.appendString(",\"max_completion_tokens\":1");
    }
    if (!added.isEmpty()) {
      body.appendByte((byte) ',').appendString(added);
    }
    for (int i = 0; i < members; i++) {
      if (kept[i]) {
        body.appendByte((byte) ',').appendBytes(bytes, starts[i], valueEnd(bytes, starts[i + 1]) - starts[i]);
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
