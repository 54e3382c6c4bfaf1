package dev.baton.server.limits;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;

/**
 * Checks a JSON body's nesting depth with a streaming pass before it is parsed into a tree, so a
 * body of ten thousand {@code [} cannot cost a deep recursion. Malformed JSON passes: the parser
 * after it reports the syntax error with a better message.
 */
public final class JsonDepth {
  private final JsonFactory factory;

  /** A checker for bodies nesting at most {@code maxDepth} deep; thread-safe, build it once. */
  public JsonDepth(int maxDepth) {
    this.factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
        .build();
  }

  /** True when no object or array in {@code json} nests deeper than the limit. */
  public boolean within(byte[] json) {
    try (JsonParser p = factory.createParser(json)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        // Only the constraint matters; the tokens themselves are not kept.
      }
      return true;
    } catch (StreamConstraintsException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
