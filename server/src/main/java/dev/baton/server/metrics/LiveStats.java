package dev.baton.server.metrics;

/**
 * Figures for the dashboard, computed in-process so it needs no Prometheus server.
 *
 * @param requests requests finished since start
 * @param active requests arrived and not finished yet
 * @param ratePerSecond requests finished per second over the last few seconds
 * @param aggregated requests routed whole to one worker since start
 * @param disaggregated requests routed split (prefill + decode) since start
 * @param decodeFallbacks split requests served by decode alone after prefill gave nothing usable
 * @param ttftP50Ms median time to first token over the last minute or so, NaN without samples
 * @param ttftP90Ms 90th percentile, NaN without samples
 * @param ttftP99Ms 99th percentile, NaN without samples
 * @param ttftSamples first tokens seen since start
 * @param prefixHitRatio share of routed prompt tokens the router expected cached, NaN before any
 */
public record LiveStats(
    long requests,
    int active,
    double ratePerSecond,
    long aggregated,
    long disaggregated,
    long decodeFallbacks,
    double ttftP50Ms,
    double ttftP90Ms,
    double ttftP99Ms,
    long ttftSamples,
    double prefixHitRatio) {}
