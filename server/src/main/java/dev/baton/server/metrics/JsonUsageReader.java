package dev.baton.server.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Finds the top-level {@code usage} of a JSON answer as its chunks pass by, with Jackson's
 * non-blocking parser: the body is never assembled, only the token being parsed is held. vLLM puts
 * {@code usage} between the choices and the prompt log-probabilities, so it cannot be read from
 * the body's end alone. A body that is not JSON leaves the usage unknown.
 */
final class JsonUsageReader {
  private static final JsonFactory JSON = new JsonFactory();

  private final JsonParser parser;
  private int depth;
  /** The field whose value comes next: at depth 1 the top-level name, at depth 2 inside usage. */
  private String field;
  private boolean inUsage;
  private int prompt = -1;
  private int completion = -1;
  private boolean broken;

  JsonUsageReader() {
    JsonParser p;
    try {
      p = JSON.createNonBlockingByteArrayParser();
    } catch (IOException e) {
      p = null;
    }
    this.parser = p;
    this.broken = p == null;
  }

  /** Reads one chunk of the body. */
  void feed(Buffer chunk) {
    if (broken || chunk.length() == 0) {
      return;
    }
    byte[] bytes = chunk.getBytes();
    try {
      ((ByteArrayFeeder) parser.getNonBlockingInputFeeder()).feedInput(bytes, 0, bytes.length);
      for (JsonToken t = parser.nextToken(); t != null && t != JsonToken.NOT_AVAILABLE;
          t = parser.nextToken()) {
        read(t);
      }
    } catch (IOException e) {
      broken = true;
    }
  }

  /** The usage found so far ({@link Usage#UNKNOWN} without one). */
  Usage usage() {
    return prompt < 0 && completion < 0 ? Usage.UNKNOWN : new Usage(prompt, completion);
  }

  private void read(JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT, START_ARRAY -> {
        depth++;
        if (depth == 2) {
          inUsage = t == JsonToken.START_OBJECT && "usage".equals(field);
        }
        field = null;
      }
      case END_OBJECT, END_ARRAY -> {
        depth--;
        if (depth < 2) {
          inUsage = false;
        }
      }
      case FIELD_NAME -> field = parser.currentName();
      case VALUE_NUMBER_INT -> {
        if (inUsage && depth == 2 && parser.getNumberType() == JsonParser.NumberType.INT) {
          int value = parser.getIntValue();
          if ("prompt_tokens".equals(field)) {
            prompt = Math.max(-1, value);
          } else if ("completion_tokens".equals(field)) {
            completion = Math.max(-1, value);
          }
        }
        field = null;
      }
      default -> field = null;
    }
  }
}
