package dev.baton.server.tokenize;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recently tokenized prompts, least recently used out first, bounded in entries and in tokens held.
 * Multi-turn chats resend their history, so the same prompt often comes back. The critical sections
 * are a map lookup or insert: short enough for an event loop.
 */
final class TokenCache {
  private final int maxEntries;
  private final long maxTokens;
  private final LinkedHashMap<String, int[]> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long tokens;

  TokenCache(int maxEntries, long maxTokens) {
    this.maxEntries = maxEntries;
    this.maxTokens = maxTokens;
  }

  synchronized int[] get(String key) {
    return entries.get(key);
  }

  synchronized void put(String key, int[] ids) {
    int[] previous = entries.put(key, ids);
    tokens += ids.length - (previous == null ? 0 : previous.length);
    var it = entries.entrySet().iterator();
    while ((entries.size() > maxEntries || tokens > maxTokens) && it.hasNext()) {
      Map.Entry<String, int[]> eldest = it.next();
      tokens -= eldest.getValue().length;
      it.remove();
    }
  }
}
