package dev.baton.server.scrape;

/**
 * Running totals of one endpoint's scrapes since it started being scraped.
 *
 * @param succeeded scrapes whose body gave a load
 * @param failed scrapes that errored, timed out, answered non-200, were malformed or held none of the
 *     known engine metrics
 * @param skipped rounds skipped because the previous scrape was still in flight
 * @param lastFailure why the latest failed scrape failed, or null when none has
 */
public record ScrapeCounts(long succeeded, long failed, long skipped, String lastFailure) {}
