package dev.baton.sim.fault;

/**
 * One injected fault for one request, from the {@code X-Sim-Fault} header or the configured rates.
 *
 * <ul>
 *   <li>{@code error-<status>} (e.g. {@code error-500}, {@code error-503}): answer at once with that status
 *   <li>{@code hang}: never send a byte, keep the connection open
 *   <li>{@code drop-after:<n>}: close the connection after {@code n} tokens
 *   <li>{@code slow:<ms>}: add {@code ms} of wall-clock time after every token
 * </ul>
 *
 * @param kind what goes wrong
 * @param value the status, token count or milliseconds
 */
public record Fault(Kind kind, long value) {

  public enum Kind { NONE, ERROR, HANG, DROP, SLOW }

  public static final Fault NONE = new Fault(Kind.NONE, 0);

  /** Parses a header value; throws {@link IllegalArgumentException} with a message for the client. */
  public static Fault parse(String header) {
    String v = header.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (v.equals("hang")) {
        return new Fault(Kind.HANG, 0);
      }
      if (v.startsWith("error-")) {
        int status = Integer.parseInt(v.substring("error-".length()));
        if (status < 400 || status > 599) {
          throw new IllegalArgumentException("X-Sim-Fault error status must be 4xx or 5xx: " + header);
        }
        return new Fault(Kind.ERROR, status);
      }
      if (v.startsWith("drop-after:")) {
        return new Fault(Kind.DROP, nonNegative(v.substring("drop-after:".length())));
      }
      if (v.startsWith("slow:")) {
        return new Fault(Kind.SLOW, nonNegative(v.substring("slow:".length())));
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("X-Sim-Fault has a malformed number: " + header);
    }
    throw new IllegalArgumentException(
        "X-Sim-Fault must be error-<status>, hang, drop-after:<n> or slow:<ms>, got: " + header);
  }

  private static long nonNegative(String s) {
    long n = Long.parseLong(s.trim());
    if (n < 0) {
      throw new NumberFormatException(s);
    }
    return n;
  }
}
