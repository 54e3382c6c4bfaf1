package dev.baton.server.metrics;

import io.vertx.core.buffer.Buffer;

/**
 * Counts the JSON {@code data:} events of a server-sent-event stream as its chunks pass by, so the
 * relay can report tokens without parsing or holding the stream: a few bytes of state carry a line
 * split across chunks. {@code data: [DONE]} and comments are not counted. vLLM sends one event per
 * engine step, so each event is one token for a single-choice request; the role-only first chunk
 * of chat streams and the closing usage chunk count too (the worker's usage, when reported,
 * overrides the count in the access log).
 */
final class SseDataScanner {
  private static final byte[] PREFIX = {'d', 'a', 't', 'a', ':'};
  /** Matching "data:" at a line start; -1 while skipping the rest of a line. */
  private int matched;
  /** After "data:", skipping the optional spaces before the payload. */
  private boolean afterPrefix;

  /** Returns how many JSON data events start in {@code chunk}. */
  int scan(Buffer chunk) {
    int events = 0;
    for (int i = 0, n = chunk.length(); i < n; i++) {
      byte b = chunk.getByte(i);
      if (b == '\n' || b == '\r') {
        matched = 0;
        afterPrefix = false;
      } else if (afterPrefix) {
        if (b != ' ') {
          afterPrefix = false;
          matched = -1;
          if (b == '{') {
            events++;
          }
        }
      } else if (matched >= 0) {
        if (b == PREFIX[matched]) {
          matched++;
          if (matched == PREFIX.length) {
            afterPrefix = true;
          }
        } else {
          matched = -1;
        }
      }
    }
    return events;
  }
}
