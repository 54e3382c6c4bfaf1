package dev.baton.sim.api;

import dev.baton.sim.engine.FinishReason;
import dev.baton.sim.engine.Generation;
import dev.baton.sim.engine.Sequence;
import dev.baton.sim.engine.SequenceSpec;
import dev.baton.sim.engine.TokenSink;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * One generation request in flight: its choices in the engine and the answer being written, either
 * streamed token by token or as one body at the end. Lives on the worker's event loop. If the client
 * goes away first, every choice is aborted in the engine at once.
 */
final class Exchange {

  private final ApiServices services;
  private final GenerateRequest request;
  private final HttpConnection connection;
  private final String id;
  private final long dropAfterTokens;
  private final long slowNanosPerToken;
  private final StreamWriter stream;
  private final BodyWriter body;
  private final List<Choice> choices = new ArrayList<>();
  private int finishedChoices;
  private long tokensOut;
  private boolean done;
  private ObjectNode kvTransferParamsOut;
  private List<String> heldKeys;

  /**
   * @param dropAfterTokens close the connection after this many tokens (fault injection), or -1
   * @param slowNanosPerToken extra wall-clock delay after each token (fault injection), or 0
   */
  Exchange(ApiServices services, GenerateRequest request, HttpServerResponse response, HttpConnection connection,
      String id, long dropAfterTokens, long slowNanosPerToken) {
    this.services = services;
    this.request = request;
    this.connection = connection;
    this.id = id;
    this.dropAfterTokens = dropAfterTokens;
    this.slowNanosPerToken = slowNanosPerToken;
    long created = System.currentTimeMillis() / 1000;
    this.stream = request.stream() ? new StreamWriter(request, response, id, created) : null;
    this.body = request.stream() ? null : new BodyWriter(request, response, id, created);
  }

  /** The client went away: drop every choice from the engine. */
  void abandon() {
    if (!done) {
      abort();
    }
  }

  /**
   * Keeps each choice's KV under these keys, in choice order, instead of its request id (an SGLang
   * prefill holds them in bootstrap rooms); the answer then carries no handle.
   */
  void holdUnder(List<String> keys) {
    this.heldKeys = List.copyOf(keys);
  }

  /** Submits every choice; {@code externalTokens} prompt tokens already have KV from a prefill worker. */
  void start(int externalTokens) {
    if (done) {
      return;
    }
    if (dropAfterTokens == 0) {
      abort();
      connection.close();
      return;
    }
    services.metrics().adapterStarted(request.model());
    // Adapters and cache salts get prefix caches of their own, as vLLM's block hashes include them.
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
        if (heldKeys != null && choices.size() < heldKeys.size()) {
          engineId = heldKeys.get(choices.size());
        }
        SequenceSpec spec = new SequenceSpec(engineId, prompt.ids(), request.maxTokens(), request.minTokens(),
            request.ignoreEos(), promptSeed + j, scope, request.wantsRemoteDecode(),
            choices.isEmpty() ? externalTokens : 0, slowNanosPerToken);
        Choice choice = new Choice(choices.size(), prompt);
        choices.add(choice);
        choice.sequence = services.engine().submit(spec, sinkFor(choice));
      }
    }
  }

  private TokenSink sinkFor(Choice choice) {
    return (seq, token, reason) -> onToken(choice, seq, token, reason);
  }

  private void onToken(Choice c, Sequence seq, int token, FinishReason reason) {
    if (done) {
      return;
    }
    int position = seq.promptLength() + seq.outputCount() - 1;
    if (reason != null) {
      c.finish = reason;
      finishedChoices++;
      if (reason == FinishReason.LENGTH && request.wantsRemoteDecode() && heldKeys == null) {
        kvTransferParamsOut = services.handoff().paramsFor(seq);
      }
    }
    if (stream != null) {
      stream.token(c, seq, token, position);
    } else {
      body.token(c, token, position);
    }
    if (++tokensOut == dropAfterTokens) {
      abort();
      connection.close();
      return;
    }
    if (finishedChoices == choices.size()) {
      done = true;
      // Count before the last byte leaves, so a client reading the stats after its answer sees it.
      services.counters().completed.incrementAndGet();
      services.metrics().adapterEnded(request.model());
      if (stream != null) {
        stream.end(choices);
      } else {
        body.write(choices, kvTransferParamsOut);
      }
    }
  }

  private void abort() {
    done = true;
    services.counters().aborted.incrementAndGet();
    for (Choice c : choices) {
      services.engine().abort(c.sequence);
    }
    if (!choices.isEmpty()) {
      services.metrics().adapterEnded(request.model());
    }
  }

  /** The same prompt and seed give the same text on any worker, so a decode continues its prefill. */
  private static long seedOf(int[] ids, Long seed) {
    long h = seed == null ? 0x5eed : Generation.mix(seed);
    for (int id : ids) {
      h = Generation.mix(h + id);
    }
    return h;
  }
}
