package dev.baton.transfer.retry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link RetryBudget} per distinct {@link RetrySettings}: pools that share a policy share a
 * budget, and a reload that changes a pool's retry settings starts it on a fresh one. Budgets of
 * settings no longer used stay: a few longs each, one per distinct settings ever loaded.
 */
public final class RetryBudgets {
  private final Map<RetrySettings, RetryBudget> budgets = new ConcurrentHashMap<>();
  /**
   * The settings asked for last and their budget: a pool's settings are one object until a reload,
   * so most calls find it here by identity instead of hashing a six-field record per request (1% of
   * the proxy's CPU under wrk).
   */
  private volatile Recent recent;

  private record Recent(RetrySettings settings, RetryBudget budget) {}

  /** The rule of a call under {@code settings}, spending that settings' budget. */
  public BudgetedRetry rule(RetrySettings settings) {
    return new BudgetedRetry(settings, budget(settings));
  }

  public RetryBudget budget(RetrySettings settings) {
    Recent seen = recent;
    if (seen != null && seen.settings() == settings) {
      return seen.budget();
    }
    RetryBudget budget = budgets.computeIfAbsent(settings,
        s -> new RetryBudget(s.budgetRatio(), s.minRetriesPerWindow(), s.budgetWindow()));
    recent = new Recent(settings, budget);
    return budget;
  }

}
