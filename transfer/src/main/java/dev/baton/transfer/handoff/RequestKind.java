package dev.baton.transfer.handoff;

/** The OpenAI route a request came in on; dialects shape chat and completions bodies differently. */
public enum RequestKind {
  CHAT("/v1/chat/completions"),
  COMPLETION("/v1/completions");

  private final String path;

  RequestKind(String path) {
    this.path = path;
  }

  public String path() {
    return path;
  }
}
