package dev.baton.sim.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.sim.engine.FinishReason;
import dev.baton.sim.engine.Generation;
import dev.baton.sim.engine.Sequence;
import dev.baton.sim.engine.SequenceSpec;
import dev.baton.sim.engine.TokenSink;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * One generation request in flight: its choices in the engine and the answer being written, either
 * as server-sent events token by token or as one JSON body at the end. Lives on the worker's event
 * loop. If the client goes away first, every choice is aborted in the engine at once.
 */
final class Exchange {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ApiServices services;
  private final GenerateRequest request;
  private final HttpServerResponse response;
  private final HttpConnection connection;
  private final String id;
  private final long created = System.currentTimeMillis() / 1000;
  private final long dropAfterTokens;
  private final long slowNanosPerToken;
  private final List<Choice> choices = new ArrayList<>();
  private int finishedChoices;
  private long tokensOut;
  private boolean headersSent;
  private boolean done;
  private ObjectNode kvTransferParamsOut;

  Exchange(ApiServices services, GenerateRequest request, HttpServerResponse response, HttpConnection connection,
      String id, long dropAfterTokens, long slowNanosPerToken) {
    this.services = services;
    this.request = request;
    this.response = response;
    this.connection = connection;
    this.id = id;
    this.dropAfterTokens = dropAfterTokens;
    this.slowNanosPerToken = slowNanosPerToken;
  }

  /** Whether the answer is over (written in full, failed or abandoned by the client). */
  boolean done() {
    return done;
  }

  /** The client went away: drop every choice from the engine. */
  void abandon() {
    if (done) {
      return;
    }
    done = true;
    services.counters().aborted.incrementAndGet();
    for (Choice c : choices) {
      services.engine().abort(c.sequence);
    }
    services.metrics().adapterEnded(request.model());
  }

  /** Submits every choice; {@code externalTokens} prompt tokens already have KV from a prefill worker. */
  void start(int externalTokens) {
    if (done) {
      return;
    }
    if (dropAfterTokens == 0) {
      drop();
      return;
    }
    services.metrics().adapterStarted(request.model());
    String scope = request.model().equals(services.config().model()) ? "" : request.model();
    if (request.cacheSalt() != null) {
      scope = scope + "\u0000" + request.cacheSalt();
    }
    for (int p = 0; p < request.prompts().size(); p++) {
      Prompt prompt = request.prompts().get(p);
      long promptSeed = seedOf(prompt.ids(), request.seed());
      for (int j = 0; j < request.n(); j++) {
        String engineId = request.chat() ? id : id + "-" + p;
        if (request.n() > 1) {
          engineId = j + "_" + engineId;
        }
        SequenceSpec spec = new SequenceSpec(engineId, prompt.ids(), request.maxTokens(), request.minTokens(),
            request.ignoreEos(), promptSeed + j, scope, request.wantsRemoteDecode(),
            choices.isEmpty() ? externalTokens : 0, slowNanosPerToken);
        Choice choice = new Choice(choices.size(), prompt);
        choices.add(choice);
        choice.sequence = services.engine().submit(spec, choice);
      }
    }
  }

  private static long seedOf(int[] ids, Long seed) {
    long h = seed == null ? 0x5eed : Generation.mix(seed);
    for (int id : ids) {
      h = Generation.mix(h + id);
    }
    return h;
  }

  private void drop() {
    done = true;
    services.counters().aborted.incrementAndGet();
    for (Choice c : choices) {
      services.engine().abort(c.sequence);
    }
    if (!choices.isEmpty()) {
      services.metrics().adapterEnded(request.model());
    }
    connection.close();
  }

  /** One choice: a sequence in the engine and what has been said so far. */
  private final class Choice implements TokenSink {
    final int index;
    final Prompt prompt;
    Sequence sequence;
    final StringBuilder text = new StringBuilder();
    Shapes.CompletionLogprobs completionLogprobs;
    ArrayNode chatLogprobs;
    FinishReason finish;
    int textOffset;

    Choice(int index, Prompt prompt) {
      this.index = index;
      this.prompt = prompt;
    }

    @Override
    public void onToken(Sequence seq, int token, FinishReason reason) {
      if (done) {
        return;
      }
      int position = seq.promptLength() + seq.outputCount() - 1;
      if (reason != null) {
        finish = reason;
        finishedChoices++;
        if (reason == FinishReason.LENGTH && request.wantsRemoteDecode()) {
          kvTransferParamsOut = services.handoff().paramsFor(seq);
        }
      }
      if (request.stream()) {
        streamToken(this, seq, token, position);
      } else {
        collectToken(this, token, position);
      }
      if (++tokensOut == dropAfterTokens) {
        drop();
        return;
      }
      if (finishedChoices == choices.size()) {
        if (!request.stream()) {
          writeBody();
        } else {
          endStream();
        }
      }
    }
  }

  private void collectToken(Choice c, int token, int position) {
    if (c.text.isEmpty() && request.echo()) {
      c.text.append(c.prompt.text());
      if (request.logprobs() != null) {
        c.completionLogprobs = new Shapes.CompletionLogprobs(request.logprobs());
        int offset = 0;
        for (int i = 0; i < c.prompt.ids().length; i++) {
          c.completionLogprobs.add(c.prompt.ids()[i], i, offset, i == 0);
          offset += c.prompt.pieces().get(i).length();
        }
        c.textOffset = offset;
      }
    }
    String piece = Shapes.text(token);
    if (request.logprobs() != null) {
      if (request.chat()) {
        if (c.chatLogprobs == null) {
          c.chatLogprobs = MAPPER.createArrayNode();
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

  private void writeBody() {
    done = true;
    ObjectNode body = Shapes.envelope(id, request.chat() ? "chat.completion" : "text_completion", created,
        request.model());
    ArrayNode out = body.putArray("choices");
    long promptTokens = 0;
    long completionTokens = 0;
    long cached = 0;
    for (Choice c : choices) {
      ObjectNode choice = out.addObject();
      choice.put("index", c.index);
      if (request.chat()) {
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", c.text.toString());
        message.putNull("reasoning_content");
        message.putArray("tool_calls");
        putLogprobs(choice, c.chatLogprobs == null ? null : chatLogprobsNode(c.chatLogprobs));
      } else {
        choice.put("text", c.text.toString());
        putLogprobs(choice, c.completionLogprobs == null ? null : c.completionLogprobs.node);
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
      // Usage counts each prompt once, however many choices share it.
      if (c.index % request.n() == 0) {
        promptTokens += c.sequence.promptLength();
        cached += c.sequence.cachedTokens();
      }
      completionTokens += c.sequence.outputCount();
    }
    body.set("usage", Shapes.usage(promptTokens, completionTokens, cached));
    if (request.chat()) {
      putPromptLogprobs(body, choices.get(0).prompt);
    }
    if (kvTransferParamsOut != null) {
      body.set("kv_transfer_params", kvTransferParamsOut);
    } else {
      body.putNull("kv_transfer_params");
    }
    response.putHeader("Content-Type", "application/json");
    response.end(write(body));
    complete();
  }

  private void putLogprobs(ObjectNode choice, ObjectNode logprobs) {
    if (logprobs == null) {
      choice.putNull("logprobs");
    } else {
      choice.set("logprobs", logprobs);
    }
  }

  private void putPromptLogprobs(ObjectNode target, Prompt prompt) {
    if (request.promptLogprobs() == null) {
      target.putNull("prompt_logprobs");
    } else {
      target.set("prompt_logprobs", Shapes.promptLogprobs(prompt.ids(), request.promptLogprobs()));
    }
  }

  private static ObjectNode chatLogprobsNode(ArrayNode content) {
    ObjectNode node = MAPPER.createObjectNode();
    node.set("content", content);
    return node;
  }

  private void streamToken(Choice c, Sequence seq, int token, int position) {
    if (!headersSent) {
      headersSent = true;
      response.setChunked(true);
      response.putHeader("Content-Type", "text/event-stream; charset=utf-8");
      response.putHeader("Cache-Control", "no-cache");
    }
    String piece = Shapes.text(token);
    if (request.chat()) {
      if (seq.outputCount() == 1) {
        ObjectNode first = chunk();
        ObjectNode choice = first.putArray("choices").addObject();
        choice.put("index", c.index);
        ObjectNode delta = choice.putObject("delta");
        delta.put("role", "assistant");
        delta.put("content", "");
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        send(first);
      }
      ObjectNode chunk = chunk();
      ObjectNode choice = chunk.putArray("choices").addObject();
      choice.put("index", c.index);
      choice.putObject("delta").put("content", piece);
      putLogprobs(choice, request.logprobs() == null ? null
          : chatLogprobsNode(MAPPER.createArrayNode().add(Shapes.chatLogprob(token, position, request.logprobs()))));
      finishFields(choice, c);
      usageIfContinuous(chunk, seq);
      send(chunk);
    } else {
      String text = piece;
      Shapes.CompletionLogprobs logprobs = request.logprobs() == null ? null
          : new Shapes.CompletionLogprobs(request.logprobs());
      if (seq.outputCount() == 1 && request.echo()) {
        text = c.prompt.text() + piece;
        c.textOffset = c.prompt.text().length();
      }
      if (logprobs != null) {
        logprobs.add(token, position, c.textOffset, false);
      }
      c.textOffset += piece.length();
      ObjectNode chunk = chunk();
      ObjectNode choice = chunk.putArray("choices").addObject();
      choice.put("index", c.index);
      choice.put("text", text);
      putLogprobs(choice, logprobs == null ? null : logprobs.node);
      finishFields(choice, c);
      usageIfContinuous(chunk, seq);
      send(chunk);
    }
  }

  private static void finishFields(ObjectNode choice, Choice c) {
    if (c.finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", c.finish.wire());
    }
    choice.putNull("stop_reason");
  }

  private void usageIfContinuous(ObjectNode chunk, Sequence seq) {
    if (request.continuousUsage()) {
      chunk.set("usage", Shapes.usage(seq.promptLength(), seq.outputCount(), seq.cachedTokens()));
    }
  }

  private void endStream() {
    done = true;
    if (request.includeUsage()) {
      long promptTokens = 0;
      long completionTokens = 0;
      long cached = 0;
      for (Choice c : choices) {
        if (c.index % request.n() == 0) {
          promptTokens += c.sequence.promptLength();
          cached += c.sequence.cachedTokens();
        }
        completionTokens += c.sequence.outputCount();
      }
      ObjectNode usage = chunk();
      usage.putArray("choices");
      usage.set("usage", Shapes.usage(promptTokens, completionTokens, cached));
      send(usage);
    }
    response.end("data: [DONE]\n\n");
    complete();
  }

  private void complete() {
    services.counters().completed.incrementAndGet();
    services.metrics().adapterEnded(request.model());
  }

  private ObjectNode chunk() {
    return Shapes.envelope(id, request.chat() ? "chat.completion.chunk" : "text_completion", created,
        request.model());
  }

  private void send(ObjectNode chunk) {
    if (response.closed()) {
      return; // the close handler is about to abort us
    }
    response.write("data: " + write(chunk) + "\n\n");
  }

  static String write(ObjectNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
