package dev.baton.router.scheduling.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.prefix.PrefixIndex;
import dev.baton.router.scheduling.Phase;
import dev.baton.router.scheduling.SchedulerState;
import dev.baton.router.scheduling.SchedulingRequest;
import dev.baton.router.scheduling.plugin.PrefixMatcher;
import dev.baton.router.scheduling.plugin.SchedulingContext;
import dev.baton.router.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApproximatePrefixMatcherTest {
  private final SchedulerState state = Fixtures.state(new Fixtures.Clock(), 1);
  private final ApproximatePrefixMatcher approximate = new ApproximatePrefixMatcher(
      state.prefixIndex(new PrefixIndex.Settings(100, 256, 10_000, 64)));

  @ParameterizedTest(name = "{0} prompt tokens, {1} of {2} chars matched -> {3} tokens")
  @CsvSource({"1000, 0, 4000, 0", "1000, 2000, 4000, 500", "1000, 4000, 4000, 1000",
      "1000, 5000, 4000, 1000", "700, 64, 0, 0", "50, 300, 1000, 15"})
  void charactersBecomeTokensAtThePromptsOwnRatio(
      int tokens, int matchedChars, int promptChars, int expected) {
    SchedulingRequest request = new SchedulingRequest(
        "r", Fixtures.MODEL, "x".repeat(promptChars), tokens, 16, null, null);
    assertThat(ApproximatePrefixMatcher.tokensOf(request, matchedChars)).isEqualTo(expected);
  }

  @Test
  void reportsTheTokensOfTheLeadingBlocksEachCandidateWasSent() {
    EndpointState warm = Fixtures.endpoint("warm");
    EndpointState cold = Fixtures.endpoint("cold");
    String prompt = Fixtures.text(3, 1_050); // 10 blocks of 100; a tokenizer counted 300 tokens
    SchedulingContext sent = context(prompt, 300, List.of(warm));
    assertThat(approximate.match(sent)).isTrue();
    approximate.picked(sent, 0);

    SchedulingContext ctx = context(prompt.substring(0, 700) + "other", 201, List.of(warm, cold));
    ctx.matchPrefixes(new PrefixMatcher[] {approximate});
    // 7 blocks of 705 characters matched on warm: 201 x 700 / 705 = 199 tokens.
    assertThat(ctx.matchedTokens(0)).isEqualTo(199);
    assertThat(ctx.uncachedTokens(0)).isEqualTo(2);
    assertThat(ctx.matchedTokens(1)).isZero();
    assertThat(ctx.prefixLookedUp()).isTrue();
  }

  @Test
  void aSecondMatcherAddsWhatTheFirstDoesNotKnowAndTheLargestMatchWins() {
    EndpointState a = Fixtures.endpoint("a");
    EndpointState b = Fixtures.endpoint("b");
    String prompt = Fixtures.text(4, 800);
    SchedulingContext sent = context(prompt, 200, List.of(a));
    approximate.match(sent);
    approximate.picked(sent, 0);
    // Stands in for a KV-event source: it knows b holds 50 tokens and a holds 10.
    PrefixMatcher events = ctx -> {
      ctx.reportMatchedTokens(0, 10);
      ctx.reportMatchedTokens(1, 50);
      return true;
    };

    SchedulingContext ctx = context(prompt, 200, List.of(a, b));
    ctx.matchPrefixes(new PrefixMatcher[] {approximate, events});

    assertThat(ctx.matchedTokens(0)).isEqualTo(200);
    assertThat(ctx.matchedTokens(1)).isEqualTo(50);
  }

  @Test
  void aPromptShorterThanOneBlockIsNotLookedUp() {
    SchedulingContext ctx = context("short", 2, List.of(Fixtures.endpoint("a")));
    ctx.matchPrefixes(new PrefixMatcher[] {approximate});
    assertThat(ctx.prefixLookedUp()).isFalse();
    assertThat(ctx.uncachedTokens(0)).isEqualTo(2);
  }

  private SchedulingContext context(String prompt, int tokens, List<EndpointState> candidates) {
    return Fixtures.context(state,
        new SchedulingRequest("r", Fixtures.MODEL, prompt, tokens, 16, null, null), Phase.DECODE,
        candidates);
  }
}
