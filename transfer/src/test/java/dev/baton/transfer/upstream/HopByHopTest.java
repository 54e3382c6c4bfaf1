package dev.baton.transfer.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.http.impl.headers.HeadersAdaptor;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import org.junit.jupiter.api.Test;

/**
 * The one pass over a message's headers: names matched in any case, the {@code Connection}
 * header's tokens read wherever it comes (before or after the headers it names, split over
 * several lines, with spaces), what it may not remove kept, and the answer's framing noted.
 */
class HopByHopTest {

  /** A worker's answer as Vert.x's client hands it over: Netty's headers behind a MultiMap. */
  private static MultiMap answer() {
    return new HeadersAdaptor(new DefaultHttpHeaders());
  }

  @Test
  void dropsHopByHopNamesInAnyCaseAndKeepsTheRestAsTheyCame() {
    MultiMap in = MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/json").add("TRANSFER-ENCODING", "chunked")
        .add("Keep-Alive", "timeout=5").add("Host", "worker:8000").add("X-Custom", "a")
        .add("x-custom", "b").add(":authority", "worker");
    MultiMap out = HopByHop.endToEnd(in);
    assertThat(out.names()).containsExactlyInAnyOrder("Content-Type", "X-Custom");
    assertThat(out.getAll("x-custom")).containsExactly("a", "b");
  }

  @Test
  void removesWhatTheConnectionHeaderNamesWhereverItComes() {
    MultiMap in = MultiMap.caseInsensitiveMultiMap()
        .add("X-Before", "1").add("Connection", " keep-alive ,X-Before,, x-after ")
        .add("CONNECTION", "X-Third").add("X-After", "2").add("X-Third", "3").add("X-Stays", "4");
    assertThat(HopByHop.endToEnd(in).names()).containsExactly("X-Stays");
  }

  @Test
  void aConnectionTokenCannotRemoveTheBodysFramingOrTheIds() {
    MultiMap in = MultiMap.caseInsensitiveMultiMap()
        .add("Connection", "close, Content-Type, X-Request-Id, traceparent")
        .add("Content-Type", "text/event-stream").add("X-Request-Id", "r1")
        .add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(HopByHop.endToEnd(in).names())
        .containsExactlyInAnyOrder("Content-Type", "X-Request-Id", "traceparent");
  }

  @Test
  void thePredicateSeesLowerCaseNames() {
    MultiMap in = MultiMap.caseInsensitiveMultiMap().add("Cookie", "a=1").add("Accept", "*/*");
    assertThat(HopByHop.endToEnd(in, "cookie"::equals).names()).containsExactly("Accept");
  }

  @Test
  void aRelayedAnswerLosesTheWorkersIdentityAndNotesItsFraming() {
    MultiMap worker = answer().add("Server", "uvicorn").add("x-powered-by", "python")
        .add("Content-Type", "text/event-stream; charset=utf-8").add("Content-Length", "42")
        .add("Connection", "keep-alive").add("Date", "today");
    MultiMap client = MultiMap.caseInsensitiveMultiMap();
    RelayedHeaders.Framing framing = RelayedHeaders.copy(worker, client);
    assertThat(client.names()).containsExactlyInAnyOrder("Content-Type", "Date");
    assertThat(framing).isEqualTo(
        new RelayedHeaders.Framing("text/event-stream; charset=utf-8", "42"));
  }

  @Test
  void anAnswerWithoutFramingHeadersNotesNone() {
    MultiMap client = MultiMap.caseInsensitiveMultiMap();
    assertThat(RelayedHeaders.copy(answer().add("X-Kept", "1"), client))
        .isEqualTo(new RelayedHeaders.Framing(null, null));
    assertThat(client.get("x-kept")).isEqualTo("1");
  }
}
