package dev.baton.transfer.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The baton: what the decode leg needs to find the prefill's KV cache.
 *
 * @param transferParamsJson the prefill's {@code kv_transfer_params}, a JSON object's text as the
 *     prefill wrote it, copied verbatim to decode (spliced into the decode's bytes, never re-written);
 *     null for dialects where the KV cache is found without parameters (LMCache)
 */
public record KvHandle(String transferParamsJson) {

  /** The handle of dialects that move KV out of band: decode finds it by prompt. */
  public static final KvHandle IMPLICIT = new KvHandle(null);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The parameters as a tree of their own, for bodies built as trees; null without parameters. */
  public ObjectNode transferParams() {
    if (transferParamsJson == null) {
      return null;
    }
    try {
      JsonNode params = JSON.readTree(transferParamsJson);
      if (params instanceof ObjectNode object) {
        return object;
      }
      throw new IllegalStateException("kv_transfer_params is not a JSON object: " + transferParamsJson);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
