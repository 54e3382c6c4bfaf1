package dev.baton.server.epp;

import com.google.protobuf.ByteString;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import java.util.ArrayList;
import java.util.List;

/** Which of Envoy's messages waits for the pick, and so how the pick is sent back. */
enum PickStage {
  /** The headers' answer (no body, or a pick before the body): it carries the pick. */
  HEADERS,
  /** FULL_DUPLEX_STREAMED: the headers' answer, then the body streamed back whole. */
  DUPLEX_BODY,
  /** STREAMED with the body early: the headers' answer, then one answer per chunk held. */
  STREAMED_BODY,
  /** BUFFERED: the body's answer carries the pick; the headers were answered already. */
  BUFFERED_BODY;

  /** Envoy gRPC messages stay well under its limits with the body sent back in 64 KiB pieces. */
  private static final int CHUNK = 64 * 1024;

  /**
   * The answers for {@code routed}, in order.
   *
   * @param body the request body as received
   * @param heldChunks STREAMED_BODY: chunks received, each owed an answer
   */
  List<ProcessingResponse> answers(Pick.Routed routed, ByteString body, int heldChunks) {
    ByteString rewritten = routed.rewrittenBody();
    List<ProcessingResponse> answers = new ArrayList<>();
    switch (this) {
      case HEADERS -> answers.add(EnvoyReplies.pickedHeaders(routed, -1));
      case DUPLEX_BODY -> {
        ByteString forward = rewritten != null ? rewritten : body;
        answers.add(EnvoyReplies.pickedHeaders(routed, forward.size()));
        int size = forward.size();
        for (int from = 0; from < size || from == 0; from += CHUNK) {
          int to = Math.min(size, from + CHUNK);
          answers.add(EnvoyReplies.streamedBody(true, forward.substring(from, to), to == size));
        }
      }
      case STREAMED_BODY -> {
        answers.add(EnvoyReplies.pickedHeaders(routed, rewritten == null ? -1 : rewritten.size()));
        for (int i = 0; i < heldChunks; i++) {
          // A rewritten body replaces the first chunk whole; the chunks after it are dropped.
          answers.add(rewritten == null ? EnvoyReplies.continueBody(true)
              : EnvoyReplies.replacedRequestChunk(i == 0 ? rewritten : ByteString.EMPTY));
        }
      }
      case BUFFERED_BODY -> answers.add(EnvoyReplies.pickedBody(routed,
          rewritten == null ? null : rewritten.toByteArray()));
    }
    return answers;
  }
}
