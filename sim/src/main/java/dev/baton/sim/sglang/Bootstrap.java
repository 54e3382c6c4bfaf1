package dev.baton.sim.sglang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.sim.api.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bootstrap fields an SGLang router adds to both legs of a disaggregated request: where the
 * prefill's bootstrap server is and one room per sequence (scalars, or arrays of one per sequence
 * for a batched request). The simulator needs one host and port; rooms pair the prefill's held KV
 * with the decode that takes it.
 *
 * @param host the prefill worker's host ({@code bootstrap_host})
 * @param port its bootstrap port ({@code bootstrap_port})
 * @param rooms the rooms, in the order of the request's sequences
 */
public record Bootstrap(String host, int port, List<Long> rooms) {

  /** The request's bootstrap fields, or empty when it has no {@code bootstrap_room}. */
  public static Optional<Bootstrap> of(JsonNode body) {
    JsonNode room = body.get("bootstrap_room");
    if (room == null || room.isNull()) {
      return Optional.empty();
    }
    List<Long> rooms = new ArrayList<>();
    if (room.isArray()) {
      room.forEach(r -> rooms.add(roomOf(r)));
    } else {
      rooms.add(roomOf(room));
    }
    if (rooms.isEmpty()) {
      throw ApiError.badRequest("bootstrap_room must not be empty", "bootstrap_room");
    }
    JsonNode host = first(body.get("bootstrap_host"));
    JsonNode port = first(body.get("bootstrap_port"));
    return Optional.of(new Bootstrap(host == null || !host.isTextual() ? null : host.asText(),
        port == null || !port.canConvertToInt() ? 0 : port.asInt(), List.copyOf(rooms)));
  }

  private static JsonNode first(JsonNode node) {
    return node != null && node.isArray() ? node.get(0) : node;
  }

  private static long roomOf(JsonNode r) {
    if (!r.isIntegralNumber() || r.asLong() < 0) {
      throw ApiError.badRequest("bootstrap_room must be an integer in [0, 2^63-1]", "bootstrap_room");
    }
    return r.asLong();
  }

  /** The key the prefill holds a room's blocks under. */
  public static String heldKey(long room) {
    return "room-" + room;
  }
}
