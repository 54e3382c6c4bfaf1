package dev.baton.bench;

import java.util.Locale;

/**
 * A live view of a run, for progress lines.
 *
 * @param elapsedS seconds since the run started (warmup included)
 * @param phase {@code warmup}, {@code measuring}, {@code draining} or {@code done}
 * @param sent requests sent so far (warmup included)
 * @param inFlight requests not finished yet
 * @param ok measured successful requests
 * @param errors measured failed requests
 * @param outputTokens output tokens of measured successful requests
 */
public record BenchProgress(
    double elapsedS,
    String phase,
    long sent,
    int inFlight,
    long ok,
    long errors,
    long outputTokens) {

  /** A progress line such as {@code [bench] 12.0s measuring sent=240 in_flight=8 ok=230 ...}. */
  public String line(BenchProgress previous) {
    double window = previous == null ? elapsedS : elapsedS - previous.elapsedS;
    long doneDelta = previous == null ? ok + errors : ok + errors - previous.ok - previous.errors;
    long tokenDelta = previous == null ? outputTokens : outputTokens - previous.outputTokens;
    double perSecond = window > 0 ? 1 / window : 0;
    return String.format(
        Locale.ROOT,
        "[bench] %.1fs %s sent=%d in_flight=%d ok=%d errors=%d | %.1f req/s %.0f tok/s",
        elapsedS, phase, sent, inFlight, ok, errors, doneDelta * perSecond, tokenDelta * perSecond);
  }
}
