package dev.baton.bench.trace;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of a trace in the format Mooncake published (FAST '25, {@code kvcache-ai/Mooncake}
 * traces): {@code {"timestamp": ms from the trace's start, "input_length": prompt tokens,
 * "output_length": answer tokens, "hash_ids": [one id per 512-token block of the prompt]}}. Two
 * requests share a hash id at a position when their prompts share that whole block and all before
 * it, which is what a Baton trace's chained hashes say too, so the ids are taken as they are with
 * {@code block_tokens} 512. Model, tenant, session and objectives are not in the format: null.
 */
final class MooncakeLine {

  /** The tokens one Mooncake hash id stands for. */
  static final int BLOCK_TOKENS = 512;

  static final String INPUT_LENGTH = "input_length";

  private MooncakeLine() {}

  static TraceRecord toRecord(JsonNode node) {
    JsonNode timestamp = node.get("timestamp");
    JsonNode input = node.get(INPUT_LENGTH);
    JsonNode output = node.get("output_length");
    if (timestamp == null || !timestamp.isNumber() || !input.canConvertToInt()
        || output == null || !output.canConvertToInt()) {
      throw new IllegalArgumentException(
          "a Mooncake line needs numeric timestamp, input_length and output_length");
    }
    List<Long> ids = new ArrayList<>();
    JsonNode hashes = node.get("hash_ids");
    if (hashes != null && !hashes.isNull()) {
      if (!hashes.isArray()) {
        throw new IllegalArgumentException("hash_ids must be a list of integers");
      }
      for (JsonNode id : hashes) {
        if (!id.canConvertToLong()) {
          throw new IllegalArgumentException("hash_ids must be a list of integers, got " + id);
        }
        ids.add(id.longValue());
      }
    }
    return new TraceRecord(timestamp.doubleValue(), null, null, input.intValue(),
        ids.isEmpty() ? 0 : BLOCK_TOKENS, ids, output.intValue(), true, null, null, null, null,
        null);
  }
}
