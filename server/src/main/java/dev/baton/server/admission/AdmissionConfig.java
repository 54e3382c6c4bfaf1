package dev.baton.server.admission;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The YAML {@code admission} section. A request holds one in-flight slot, globally and in its pool,
 * from admission until its answer ends; without a free slot it waits in a queue, and is refused
 * with 429 and {@code Retry-After} when the queue is full or its wait exceeds {@code queueTimeout}.
 *
 * @param maxInFlight requests Baton serves at once over all pools (default 4096)
 * @param poolMaxInFlight a lower limit for some pools, by pool name (default none)
 * @param maxQueue requests waiting at most, over all classes and tenants (default 1024)
 * @param queueTimeout longest wait in the queue (default 30s)
 * @param priorityHeader request header naming the priority class (default {@code x-priority})
 * @param priorities the classes, highest first (default {@code [high, normal, low]}); a waiting
 *     request of a higher class is always admitted before one of a lower class
 * @param defaultPriority the class of requests without the header or with an unknown value
 *     (default {@code normal}, or the middle class)
 * @param tenantHeader header naming the tenant when authentication is off (default
 *     {@code x-tenant}); with API keys the key's name is the tenant and this header is ignored
 */
public record AdmissionConfig(
    Integer maxInFlight,
    Map<String, Integer> poolMaxInFlight,
    Integer maxQueue,
    Duration queueTimeout,
    String priorityHeader,
    List<String> priorities,
    String defaultPriority,
    String tenantHeader) {

  public static final AdmissionConfig DEFAULTS =
      new AdmissionConfig(null, null, null, null, null, null, null, null);

  public AdmissionConfig {
    maxInFlight = maxInFlight == null ? 4096 : maxInFlight;
    poolMaxInFlight = poolMaxInFlight == null ? Map.of() : Map.copyOf(poolMaxInFlight);
    maxQueue = maxQueue == null ? 1024 : maxQueue;
    queueTimeout = queueTimeout == null ? Duration.ofSeconds(30) : queueTimeout;
    priorityHeader = priorityHeader == null ? "x-priority" : priorityHeader;
    priorities = priorities == null || priorities.isEmpty()
        ? List.of("high", "normal", "low") : List.copyOf(priorities);
    defaultPriority = defaultPriority == null
        ? (priorities.contains("normal") ? "normal" : priorities.get(priorities.size() / 2))
        : defaultPriority;
    tenantHeader = tenantHeader == null ? "x-tenant" : tenantHeader;
    if (maxInFlight < 1 || maxQueue < 0) {
      throw new IllegalArgumentException("admission: maxInFlight must be >= 1, maxQueue >= 0");
    }
    if (poolMaxInFlight.values().stream().anyMatch(v -> v == null || v < 1)) {
      throw new IllegalArgumentException("admission.poolMaxInFlight values must be >= 1");
    }
    if (queueTimeout.isNegative() || queueTimeout.isZero()) {
      throw new IllegalArgumentException("admission.queueTimeout must be > 0");
    }
    if (!priorities.contains(defaultPriority)) {
      throw new IllegalArgumentException(
          "admission.defaultPriority " + defaultPriority + " is not one of " + priorities);
    }
  }

  /**
   * The class index (0 = highest) of a header value; the default class when absent or unknown. A
   * negative integer (llm-d's "sheddable", e.g. {@code -1}) is the lowest class.
   */
  public int priorityOf(String headerValue) {
    if (sheddable(headerValue)) {
      return priorities.size() - 1;
    }
    int i = headerValue == null ? -1 : priorities.indexOf(headerValue.strip().toLowerCase());
    return i >= 0 ? i : priorities.indexOf(defaultPriority);
  }

  /**
   * Whether a priority header value marks a request sheddable: a negative integer, llm-d's
   * convention ({@code x-priority: -1}). Such a request waits in the lowest class, and one with a
   * TTFT objective no endpoint can meet is refused at once.
   */
  public static boolean sheddable(String headerValue) {
    return headerValue != null && headerValue.strip().matches("-0*[1-9]\\d{0,8}");
  }
}
