package dev.baton.sim.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.baton.sim.engine.FinishReason;
import dev.baton.sim.engine.Sequence;

/** One choice of an answer: its sequence in the engine and what it has said so far. */
final class Choice {

  final int index;
  final Prompt prompt;
  Sequence sequence;
  FinishReason finish;
  /** Characters said so far (prompt included when echoed), for {@code text_offset}. */
  int textOffset;
  /** Non-streamed answers only: the text and log-probabilities collected until the end. */
  final StringBuilder text = new StringBuilder();
  Shapes.CompletionLogprobs completionLogprobs;
  ArrayNode chatLogprobs;

  Choice(int index, Prompt prompt) {
    this.index = index;
    this.prompt = prompt;
  }
}
