package dev.baton.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {

  private static List<Prompt> draw(WorkloadSpec spec, long seed, int n) {
    Workload workload = Workload.create(spec, seed);
    List<Prompt> prompts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Prompt prompt = workload.next();
      prompts.add(prompt);
      workload.answered(prompt, null);
    }
    return prompts;
  }

  @Test
  void everyWorkloadIsReproducibleForOneSeedAndVariesWithIt() {
    for (WorkloadKind kind : WorkloadKind.values()) {
      WorkloadSpec spec = WorkloadSpec.defaults(kind).withSystemTokens(40).withQuestionTokens(10);
      assertThat(draw(spec, 7, 30)).as(kind.cliName()).isEqualTo(draw(spec, 7, 30));
      assertThat(draw(spec, 7, 30)).as(kind.cliName()).isNotEqualTo(draw(spec, 8, 30));
    }
  }

  @Test
  void sharedPrefixGroupsShareTheirContextAndNothingElse() {
    WorkloadSpec spec = WorkloadSpec.defaults(WorkloadKind.SHARED_PREFIX)
        .withGroups(3).withUsersPerGroup(2).withSystemTokens(300).withQuestionTokens(12);
    Map<String, String> contextByGroup = new HashMap<>();
    Set<String> questions = new HashSet<>();
    for (Prompt prompt : draw(spec, 1, 120)) {
      String group = prompt.conversation().substring(0, prompt.conversation().indexOf('/'));
      String context = prompt.messages().get(0).content();
      assertThat(prompt.messages().get(0).role()).isEqualTo("system");
      assertThat(context.split(" ")).hasSizeGreaterThanOrEqualTo(300);
      String known = contextByGroup.putIfAbsent(group, context);
      assertThat(known == null || known.equals(context)).as("one context per group").isTrue();
      assertThat(questions.add(prompt.messages().get(1).content())).as("fresh question").isTrue();
      assertThat(prompt.maxTokens()).isEqualTo(spec.outputTokens());
    }
    assertThat(contextByGroup).hasSize(3);
    List<String> contexts = new ArrayList<>(contextByGroup.values());
    for (int i = 0; i < contexts.size(); i++) {
      for (int j = i + 1; j < contexts.size(); j++) {
        assertThat(commonPrefix(contexts.get(i), contexts.get(j))).isLessThan(10);
      }
    }
  }

  @Test
  void multiTurnGrowsEachConversationByItsPreviousAnswer() {
    WorkloadSpec spec = WorkloadSpec.defaults(WorkloadKind.MULTI_TURN)
        .withTurns(3).withSystemTokens(20).withQuestionTokens(5);
    Workload workload = Workload.create(spec, 3);
    Prompt first = workload.next();
    Prompt other = workload.next();
    assertThat(other.conversation()).isNotEqualTo(first.conversation());
    assertThat(first.messages()).hasSize(2);

    workload.answered(first, "the answer");
    Prompt second = workload.next();
    assertThat(second.conversation()).isEqualTo(first.conversation());
    assertThat(second.messages()).hasSize(4);
    assertThat(second.messages().subList(0, 2)).isEqualTo(first.messages());
    assertThat(second.messages().get(2)).isEqualTo(ChatMessage.assistant("the answer"));
    assertThat(second.text()).startsWith(first.text());

    workload.answered(second, null);
    Prompt third = workload.next();
    assertThat(third.messages()).hasSize(6);
    assertThat(third.messages().subList(0, 4)).isEqualTo(second.messages());
    assertThat(third.messages().get(4).content().split(" ")).hasSize(spec.outputTokens());

    // After its last turn a conversation is done: the next prompt opens a new one.
    workload.answered(third, "done");
    workload.answered(other, "x");
    assertThat(workload.next().conversation()).isEqualTo(other.conversation());
    assertThat(workload.next().messages()).hasSize(2);
  }

  @Test
  void randomPromptsShareNoPrefixAndHaveTheAskedLength() {
    WorkloadSpec spec = WorkloadSpec.defaults(WorkloadKind.LONG_PREFILL).withQuestionTokens(1000);
    List<Prompt> prompts = draw(spec, 5, 20);
    for (int i = 0; i < prompts.size(); i++) {
      String text = prompts.get(i).text();
      assertThat(text.split(" ")).hasSizeGreaterThanOrEqualTo(1000);
      for (int j = i + 1; j < prompts.size(); j++) {
        assertThat(commonPrefix(text, prompts.get(j).text())).isLessThan(12);
      }
    }
    assertThat(prompts.get(0).maxTokens()).isEqualTo(8);
  }

  private static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }
}
