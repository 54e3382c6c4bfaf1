package dev.baton.transfer.handoff;

/**
 * The {@code none} dialect: the pool never splits, so it has no legs to shape. A plan that splits
 * anyway (a misconfigured pool) degrades to decode alone.
 */
final class AggregatedDialect implements HandoffDialect {

  @Override
  public String name() {
    return "none";
  }
}
