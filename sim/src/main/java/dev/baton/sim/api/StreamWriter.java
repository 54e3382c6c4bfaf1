package dev.baton.sim.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.sim.engine.Sequence;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * Writes an answer as vLLM streams it: one {@code data: {json}\n\n} event per token (chat streams
 * first announce the assistant role), the last token's event with {@code finish_reason}, an optional
 * usage event with {@code choices: []}, then {@code data: [DONE]\n\n}. Each event is written as it
 * happens; nothing is buffered beyond the socket's own queue.
 */
final class StreamWriter {

  private final GenerateRequest request;
  private final HttpServerResponse response;
  private final String id;
  private final long created;
  private boolean headersSent;

  StreamWriter(GenerateRequest request, HttpServerResponse response, String id, long created) {
    this.request = request;
    this.response = response;
    this.id = id;
    this.created = created;
  }

  void token(Choice c, Sequence seq, int token, int position) {
    if (!headersSent) {
      headersSent = true;
      response.setChunked(true);
      response.putHeader("Content-Type", "text/event-stream; charset=utf-8");
      response.putHeader("Cache-Control", "no-cache");
    }
    String piece = Shapes.text(token);
    ObjectNode chunk = chunk();
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", c.index);
    if (request.chat()) {
      if (seq.outputCount() == 1) {
        send(roleChunk(c.index));
      }
      choice.putObject("delta").put("content", piece);
      Shapes.putLogprobs(choice, request.logprobs() == null ? null
          : Shapes.chatLogprobs(Shapes.JSON.arrayNode().add(Shapes.chatLogprob(token, position, request.logprobs()))));
    } else {
      String text = piece;
      if (seq.outputCount() == 1 && request.echo()) {
        text = c.prompt.text() + piece;
        c.textOffset = c.prompt.text().length();
      }
      choice.put("text", text);
      Shapes.CompletionLogprobs logprobs = null;
      if (request.logprobs() != null) {
        logprobs = new Shapes.CompletionLogprobs(request.logprobs());
        logprobs.add(token, position, c.textOffset, false);
      }
      Shapes.putLogprobs(choice, logprobs == null ? null : logprobs.node);
    }
    c.textOffset += piece.length();
    if (c.finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", c.finish.wire());
    }
    choice.putNull("stop_reason");
    if (request.continuousUsage()) {
      chunk.set("usage", Shapes.usage(seq.promptLength(), seq.outputCount(), seq.cachedTokens()));
    }
    send(chunk);
  }

  /** The usage event (when asked for) and the end of the stream. */
  void end(List<Choice> choices) {
    if (request.includeUsage()) {
      ObjectNode usage = chunk();
      usage.putArray("choices");
      usage.set("usage", Shapes.usage(choices, request.n()));
      send(usage);
    }
    if (!response.closed()) {
      response.end("data: [DONE]\n\n");
    }
  }

  private ObjectNode roleChunk(int index) {
    ObjectNode first = chunk();
    ObjectNode choice = first.putArray("choices").addObject();
    choice.put("index", index);
    ObjectNode delta = choice.putObject("delta");
    delta.put("role", "assistant");
    delta.put("content", "");
    choice.putNull("logprobs");
    choice.putNull("finish_reason");
    return first;
  }

  private ObjectNode chunk() {
    return Shapes.envelope(id, request.chat() ? "chat.completion.chunk" : "text_completion", created,
        request.model());
  }

  private void send(ObjectNode chunk) {
    if (response.closed()) {
      return; // the close handler is about to abort the exchange
    }
    response.write("data: " + Shapes.write(chunk) + "\n\n");
  }
}
