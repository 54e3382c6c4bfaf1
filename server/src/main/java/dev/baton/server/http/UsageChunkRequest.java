package dev.baton.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.transfer.handoff.FirstMember;
import io.vertx.core.buffer.Buffer;

/**
 * Asks the worker for the usage chunk of a stream ({@code stream_options.include_usage}), so Baton
 * counts tokens from the worker's own figures rather than guessing them. Baton drops that chunk
 * from the client's stream when the client did not ask for it, so the client sees what it asked.
 */
final class UsageChunkRequest {

  private UsageChunkRequest() {}

  /**
   * Sets {@code include_usage} in a streaming body's {@code stream_options} unless the client did.
   * The client's {@code continuous_usage_stats} is removed with it: vLLM honours it only with
   * {@code include_usage}, so the client asked for nothing it would have got.
   *
   * @return true when Baton added it: the usage chunk is then Baton's, not the client's
   */
  static boolean add(ObjectNode body) {
    JsonNode options = body.get("stream_options");
    if (options instanceof ObjectNode asked && asked.path("include_usage").asBoolean(false)) {
      return false;
    }
    ObjectNode ours = options instanceof ObjectNode given ? given : body.putObject("stream_options");
    ours.put("include_usage", true);
    ours.remove("continuous_usage_stats");
    return true;
  }

  /**
   * The client's body with {@code stream_options.include_usage} as its first member, for a body
   * that had no {@code stream_options} (so no key is repeated): the client's bytes with one member
   * spliced in after the opening brace, instead of the parsed body written out again, which cost a
   * fortieth of the proxy's CPU under wrk. Null when the bytes do not start with an object.
   */
  static Buffer spliced(Buffer client) {
    return FirstMember.splice(client, "stream_options", "{\"include_usage\":true}");
  }
}
