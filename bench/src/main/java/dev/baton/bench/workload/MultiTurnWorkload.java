package dev.baton.bench.workload;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Conversations whose context grows turn by turn: turn k sends the opening context, every earlier
 * question and answer, and a new question. A conversation waits for its answer before its next turn
 * (as a user would), so {@link #next()} continues the oldest conversation that is ready and opens a
 * new one when none is. A router with prefix affinity keeps a conversation's growing context cached.
 */
final class MultiTurnWorkload implements Workload {

  private final WorkloadSpec spec;
  private final SplittableRandom seeds;
  private final ArrayDeque<Conversation> ready = new ArrayDeque<>();
  private final Map<String, Conversation> waiting = new HashMap<>();
  private int opened;

  MultiTurnWorkload(WorkloadSpec spec, long seed) {
    this.spec = spec;
    this.seeds = new SplittableRandom(seed);
  }

  @Override
  public synchronized Prompt next() {
    Conversation conversation = ready.pollFirst();
    if (conversation == null) {
      conversation = open();
    }
    StringBuilder question =
        new StringBuilder("Turn " + (conversation.turn + 1) + " question:");
    Words.append(question, conversation.random, spec.questionTokens());
    conversation.messages.add(ChatMessage.user(question.toString()));
    conversation.turn++;
    Prompt prompt = new Prompt(conversation.id, conversation.messages, spec.outputTokens());
    waiting.put(conversation.id, conversation);
    return prompt;
  }

  @Override
  public synchronized void answered(Prompt prompt, String answer) {
    Conversation conversation = waiting.remove(prompt.conversation());
    if (conversation == null) {
      return;
    }
    String text =
        answer == null || answer.isEmpty()
            ? Words.of(conversation.random, spec.outputTokens())
            : answer;
    conversation.messages.add(ChatMessage.assistant(text));
    if (conversation.turn < spec.turns()) {
      ready.addLast(conversation);
    }
  }

  @Override
  public boolean wantsAnswers() {
    return true;
  }

  private Conversation open() {
    int number = opened++;
    Conversation conversation = new Conversation("conversation-" + number, seeds.split());
    StringBuilder context = new StringBuilder("Conversation " + number + " context:");
    Words.append(context, conversation.random, spec.systemTokens());
    conversation.messages.add(ChatMessage.system(context.toString()));
    return conversation;
  }

  private static final class Conversation {
    final String id;
    final SplittableRandom random;
    final List<ChatMessage> messages = new ArrayList<>();
    int turn;

    Conversation(String id, SplittableRandom random) {
      this.id = id;
      this.random = random;
    }
  }
}
