package dev.baton.sim;

/**
 * Which engine's API a simulated worker speaks. The engine model is the same; what differs is the
 * surface a router sees: SGLang's {@code /server_info}, {@code sglang:*} metric names and, for a
 * disaggregated pair, its bootstrap rendezvous ({@code --disaggregation-mode prefill|decode}).
 */
public enum Flavor {
  /** vLLM's API, metrics and NIXL-style handoff. */
  VLLM("null"),
  /** SGLang without disaggregation ({@code --disaggregation-mode null}). */
  SGLANG("null"),
  /** An SGLang prefill server: holds each request's KV in its bootstrap room for a decode to take. */
  SGLANG_PREFILL("prefill"),
  /** An SGLang decode server: takes each request's KV from the prefill its body names, then decodes. */
  SGLANG_DECODE("decode");

  private final String disaggregationMode;

  Flavor(String disaggregationMode) {
    this.disaggregationMode = disaggregationMode;
  }

  public boolean sglang() {
    return this != VLLM;
  }

  /** SGLang's {@code disaggregation_mode} as {@code /server_info} reports it. */
  public String disaggregationMode() {
    return disaggregationMode;
  }
}
