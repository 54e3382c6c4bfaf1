package dev.baton.server.limits;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * Reads a request's JSON body into a tree and refuses nesting deeper than the limit while it
 * parses (Jackson's {@link StreamReadConstraints}), so a body of ten thousand {@code [} costs
 * neither a deep recursion nor a second pass over its bytes before the real one.
 */
public final class JsonBodies {

  /** For bodies read outside the front door's limits (sidecar, endpoint picker): Jackson's own. */
  public static final JsonBodies JACKSON_DEFAULT =
      new JsonBodies(StreamReadConstraints.DEFAULT_MAX_DEPTH);

  private final int maxDepth;
  private final ObjectMapper mapper;

  /** A reader for bodies nesting at most {@code maxDepth} deep; thread-safe, build it once. */
  public JsonBodies(int maxDepth) {
    this.maxDepth = maxDepth;
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
        .build();
    this.mapper = JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  }

  public int maxDepth() {
    return maxDepth;
  }

  /**
   * The tree of {@code json}, or null when it holds no value.
   *
   * @throws TooDeep when an object or array nests deeper than the limit
   * @throws IOException when it is not one JSON value (a {@code JacksonException} says where)
   */
  public JsonNode read(byte[] json) throws IOException {
    try (JsonParser p = mapper.createParser(json)) {
      try {
        return mapper.readTree(p);
      } catch (StreamConstraintsException e) {
        // The other constraints (a number's or string's length) keep Jackson's own message; only
        // the depth is Baton's limit, told apart by where the parser stopped.
        if (p.getParsingContext() != null && p.getParsingContext().getNestingDepth() > maxDepth) {
          throw new TooDeep(maxDepth);
        }
        throw e;
      }
    }
  }

  /** A body nesting deeper than {@code maxDepth}. */
  public static final class TooDeep extends IOException {
    private final int maxDepth;

    TooDeep(int maxDepth) {
      super("JSON nesting deeper than " + maxDepth, null);
      this.maxDepth = maxDepth;
    }

    public int maxDepth() {
      return maxDepth;
    }
  }
}
