package dev.baton.server.epp;

import com.google.protobuf.ByteString;
import dev.baton.transfer.error.OpenAiError;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the picker decided for one request: where it goes, or why the gateway must refuse it. */
sealed interface Pick {

  /**
   * The request goes to {@code endpoints.get(0)}; the gateway may fall back down the list.
   *
   * @param endpoints {@code ip:port} of the picked decode (or aggregated) endpoint, then fallbacks
   * @param prefiller {@code ip:port} of the prefill endpoint when the plan splits, else null
   * @param rewrittenBody the body to forward instead of the client's (the model name was
   *     rewritten), or null to forward it as it came
   * @param request follows the answer: load accounting and the request's record
   */
  record Routed(List<String> endpoints, String prefiller, ByteString rewrittenBody,
      PickedRequest request) implements Pick {
    public Routed {
      endpoints = List.copyOf(endpoints);
      Objects.requireNonNull(request, "request");
      if (endpoints.isEmpty()) {
        throw new IllegalArgumentException("a routed pick names at least one endpoint");
      }
    }

    /** The header and metadata value: {@code ip:port[,ip:port...]}. */
    String destination() {
      return String.join(",", endpoints);
    }
  }

  /**
   * The gateway answers the client itself with {@code error} (an ImmediateResponse).
   *
   * @param headers extra response headers, such as {@code retry-after} with a 429
   */
  record Refused(OpenAiError error, Map<String, String> headers) implements Pick {
    public Refused {
      headers = Map.copyOf(headers);
    }

    static Refused of(OpenAiError error) {
      return new Refused(error, Map.of());
    }
  }
}
