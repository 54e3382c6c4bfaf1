package dev.baton.server.http;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code X-Request-Id} of a request: the client's when it is a sane token (vLLM uses it as the
 * engine's request id, so it must be safe in logs and ids), else a fresh one.
 */
public final class RequestIds {

  public static final String HEADER = "x-request-id";
  private static final int MAX_LENGTH = 128;

  private RequestIds() {}

  /** The given id when it is a sane token ({@code [A-Za-z0-9._:-]{1,128}}), else a fresh one. */
  public static String of(String given) {
    return given != null && safe(given) ? given : fresh();
  }

  /**
   * A new random (version 4) UUID. Drawn from the event loop's own random source rather than
   * {@link UUID#randomUUID()}, whose {@code SecureRandom} is shared behind a lock by every event
   * loop: an id must be unique, not unpredictable, and 122 random bits are that.
   */
  static String fresh() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }

  private static boolean safe(String id) {
    int n = id.length();
    if (n == 0 || n > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == ':' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
