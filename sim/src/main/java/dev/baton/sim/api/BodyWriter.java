package dev.baton.sim.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/** Collects a non-streamed answer and writes it as one JSON body, shaped as vLLM's. */
final class BodyWriter {

  private final GenerateRequest request;
  private final HttpServerResponse response;
  private final String id;
  private final long created;

  BodyWriter(GenerateRequest request, HttpServerResponse response, String id, long created) {
    this.request = request;
    this.response = response;
    this.id = id;
    this.created = created;
  }

  void token(Choice c, int token, int position) {
    if (c.text.isEmpty() && request.echo()) {
      echoPrompt(c);
    }
    String piece = Shapes.text(token);
    if (request.logprobs() != null) {
      if (request.chat()) {
        if (c.chatLogprobs == null) {
          c.chatLogprobs = Shapes.JSON.arrayNode();
        }
        c.chatLogprobs.add(Shapes.chatLogprob(token, position, request.logprobs()));
      } else {
        if (c.completionLogprobs == null) {
          c.completionLogprobs = new Shapes.CompletionLogprobs(request.logprobs());
        }
        c.completionLogprobs.add(token, position, c.textOffset, false);
      }
    }
    c.textOffset += piece.length();
    c.text.append(piece);
  }

  private void echoPrompt(Choice c) {
    c.text.append(c.prompt.text());
    if (request.logprobs() == null) {
      c.textOffset = c.prompt.text().length();
      return;
    }
    // Echoed prompt tokens get log-probabilities too; the first has none, as in vLLM.
    c.completionLogprobs = new Shapes.CompletionLogprobs(request.logprobs());
    int offset = 0;
    for (int i = 0; i < c.prompt.ids().length; i++) {
      c.completionLogprobs.add(c.prompt.ids()[i], i, offset, i == 0);
      offset += c.prompt.pieces().get(i).length();
    }
    c.textOffset = offset;
  }

  void write(List<Choice> choices, ObjectNode kvTransferParams) {
    ObjectNode body = Shapes.envelope(id, request.chat() ? "chat.completion" : "text_completion", created,
        request.model());
    ArrayNode out = body.putArray("choices");
    for (Choice c : choices) {
      ObjectNode choice = out.addObject();
      choice.put("index", c.index);
      if (request.chat()) {
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", c.text.toString());
        message.putNull("reasoning_content");
        message.putArray("tool_calls");
        Shapes.putLogprobs(choice, c.chatLogprobs == null ? null : Shapes.chatLogprobs(c.chatLogprobs));
      } else {
        choice.put("text", c.text.toString());
        Shapes.putLogprobs(choice, c.completionLogprobs == null ? null : c.completionLogprobs.node);
      }
      choice.put("finish_reason", c.finish.wire());
      choice.putNull("stop_reason");
      if (!request.chat()) {
        putPromptLogprobs(choice, c.prompt);
      }
      if (request.returnTokenIds()) {
        ArrayNode ids = choice.putArray("token_ids");
        for (int t : c.sequence.outputTokens()) {
          ids.add(t);
        }
        ArrayNode promptIds = choice.putArray("prompt_token_ids");
        for (int t : c.prompt.ids()) {
          promptIds.add(t);
        }
      }
    }
    body.set("usage", Shapes.usage(choices, request.n()));
    if (request.chat()) {
      // Chat answers carry prompt log-probabilities at the top level.
      putPromptLogprobs(body, choices.get(0).prompt);
    }
    if (kvTransferParams != null) {
      body.set("kv_transfer_params", kvTransferParams);
    } else {
      body.putNull("kv_transfer_params");
    }
    response.putHeader("Content-Type", "application/json");
    response.end(Shapes.write(body));
  }

  private void putPromptLogprobs(ObjectNode target, Prompt prompt) {
    if (request.promptLogprobs() == null) {
      target.putNull("prompt_logprobs");
    } else {
      target.set("prompt_logprobs", Shapes.promptLogprobs(prompt.ids(), request.promptLogprobs()));
    }
  }
}
