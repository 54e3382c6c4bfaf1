package dev.baton.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.router.scheduling.RoutingPlan;
import dev.baton.server.accesslog.AccessLog;
import dev.baton.server.runtime.BatonRuntime;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How an answer's bytes become tokens, usage and what the client gets, cut at any byte. */
class AnswerReaderTest {

  private static final String ROLE =
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n";
  private static final String TOKEN = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}\n\n";
  private static final String USAGE = "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":34,"
      + "\"total_tokens\":39,\"completion_tokens\":5,\"prompt_tokens_details\":null}}\n\n";
  private static final String DONE = "data: [DONE]\n\n";
  private static final String STREAM = ROLE + TOKEN.repeat(5) + USAGE + DONE;

  @Test
  void eventsSplitAtEveryByteComeOutWhole() {
    SseEventSplitter splitter = new SseEventSplitter(1 << 20);
    List<String> events = new ArrayList<>();
    Buffer all = Buffer.buffer(STREAM.replace("\n\n", "\r\n\r\n"));
    for (int i = 0; i < all.length(); i++) {
      splitter.feed(all.slice(i, i + 1), (kind, bytes) -> events.add(kind + ":" + bytes));
    }
    assertThat(events).hasSize(8).allMatch(e -> e.startsWith("EVENT:data: ") && e.endsWith("\r\n\r\n"));
    assertThat(splitter.rest()).isNull();
  }

  @Test
  void anEventLargerThanTheBoundPassesRawAndWhole() {
    SseEventSplitter splitter = new SseEventSplitter(64);
    StringBuilder out = new StringBuilder();
    List<SseEventSplitter.Piece> kinds = new ArrayList<>();
    String big = "data: {\"choices\":[{\"text\":\"" + "y".repeat(500) + "\"}]}\n\n";
    for (String part : List.of(big.substring(0, 100), big.substring(100, 300), big.substring(300) + TOKEN)) {
      splitter.feed(Buffer.buffer(part), (kind, bytes) -> {
        kinds.add(kind);
        out.append(bytes);
      });
    }
    assertThat(out.toString()).isEqualTo(big + TOKEN);
    assertThat(kinds).contains(SseEventSplitter.Piece.RAW).endsWith(SseEventSplitter.Piece.EVENT);
  }

  @Test
  void roleAndUsageChunksAreNoTokensAndTheUsageChunkIsDroppedOnlyWhenBatonAskedForIt() {
    assertThat(StreamEvent.of(Buffer.buffer(ROLE)).tokens()).isZero();
    assertThat(StreamEvent.of(Buffer.buffer(TOKEN)).tokens()).isOne();
    StreamEvent usage = StreamEvent.of(Buffer.buffer(USAGE));
    assertThat(usage.kind()).isEqualTo(StreamEvent.Kind.USAGE_ONLY);
    assertThat(usage.usage()).isEqualTo(new Usage(34, 5));
    assertThat(StreamEvent.of(Buffer.buffer(DONE)).kind()).isEqualTo(StreamEvent.Kind.OTHER);

    assertThat(relay(true)).isEqualTo(ROLE + TOKEN.repeat(5) + DONE);
    assertThat(relay(false)).isEqualTo(STREAM);
  }

  @Test
  void aChunkOfWholeEventsGoesOnAsItCameAndOnlyTheUsageChunkIsCut() {
    AnswerReader reader = AnswerReader.stream(record(), true);
    Buffer tokens = Buffer.buffer(ROLE + TOKEN.repeat(3));
    assertThat(reader.chunk(tokens)).isSameAs(tokens);
    assertThat(reader.chunk(Buffer.buffer(TOKEN + USAGE + DONE)).toString()).isEqualTo(TOKEN + DONE);
    assertThat(reader.chunk(Buffer.buffer(TOKEN + "data: {")).toString()).isEqualTo(TOKEN);
    assertThat(reader.chunk(Buffer.buffer("}\n\n" + TOKEN)).toString()).isEqualTo("data: {}\n\n" + TOKEN);
    assertThat(reader.end()).isNull();
  }

  @Test
  void eventsReadWhereTheyLieGoOnInOrderWhereverTheChunksBreak() {
    // Events a chunk holds whole are read in place and kept as runs of its bytes; held, oversized
    // and dropped ones break the runs. CRLF, several data lines, comments; cut at every byte.
    String huge = "data: {\"choices\":[{\"text\":\"" + "h".repeat(AnswerReader.MAX_EVENT_BYTES) + "\"}]}\n\n";
    Buffer oversized = Buffer.buffer(TOKEN + huge + TOKEN + USAGE + TOKEN);
    int past = TOKEN.length() + AnswerReader.MAX_EVENT_BYTES + 9; // a token, then more than the bound held
    for (int cut : new int[] {0, 5, TOKEN.length(), TOKEN.length() + 9, past, oversized.length() - 3}) {
      assertThat(relayed(true, oversized, cut, 1 << 16)).as("cut at %d", cut).isEqualTo(TOKEN + huge + TOKEN + TOKEN);
    }
    String comment = ": keep-alive\r\n\r\n";
    String lines = "data: {\"choices\":[{\"delta\":\r\ndata: {\"content\":\"y\"}}]}\r\n\r\n";
    String big = "data: {\"choices\":[{\"text\":\"" + "z".repeat(300) + "\"}]}\n\n";
    String stream = ROLE + comment + TOKEN + lines + USAGE.replace("\n", "\r\n") + TOKEN + big + USAGE + TOKEN + DONE;
    String stripped = ROLE + comment + TOKEN + lines + TOKEN + big + TOKEN + DONE;
    Buffer all = Buffer.buffer(stream);
    for (boolean strip : new boolean[] {true, false}) {
      for (int cut = 0; cut <= all.length(); cut++) {
        assertThat(relayed(strip, all, cut, all.length())).as("cut at %d", cut).isEqualTo(strip ? stripped : stream);
      }
      for (int size : new int[] {1, 2, 5, 16, 64, 199}) {
        assertThat(relayed(strip, all, 0, size)).as("chunks of %d", size).isEqualTo(strip ? stripped : stream);
      }
    }
    // Not vacuous: a chunk of whole kept events is the chunk; one with a usage chunk inside is cut.
    AnswerReader reader = AnswerReader.stream(record(), true);
    Buffer whole = Buffer.buffer(ROLE + comment + TOKEN);
    assertThat(reader.chunk(whole)).isSameAs(whole);
    assertThat(reader.chunk(Buffer.buffer(TOKEN + USAGE + TOKEN)).toString()).isEqualTo(TOKEN + TOKEN);
  }

  @Test
  void aChunksTokenEventsShareOneClockReadingAndChunksApartKeepTheirGaps() {
    // A clock that moves 1 ms at each reading, so the gaps say which readings the tokens took.
    AtomicLong clock = new AtomicLong();
    AtomicInteger readings = new AtomicInteger();
    BatonRuntime runtime = BatonMetricsTest.split("http://10.0.0.1:8000", "http://10.0.0.2:8000");
    BatonMetrics metrics = BatonMetrics.create(() -> runtime, () -> {
      readings.incrementAndGet();
      return clock.addAndGet(1_000_000);
    });
    RequestRecord record = new RequestObserver(metrics, AccessLog.disabled()).onStart("r", "m");
    EndpointState decode = runtime.endpoints().findFirst().orElseThrow();
    record.onRouted(new RoutingPlan(decode, null, 0, RoutingPlan.Reason.BELOW_THRESHOLD), 10);
    AnswerReader reader = AnswerReader.stream(record, false);
    int before = readings.get();
    reader.chunk(Buffer.buffer(ROLE + TOKEN.repeat(3))); // the first token, then two with it
    reader.chunk(Buffer.buffer(ROLE)); // no token: no reading
    reader.chunk(Buffer.buffer(TOKEN));
    reader.chunk(Buffer.buffer(TOKEN.repeat(2) + DONE));
    assertThat(readings.get() - before).as("one reading per chunk with a token").isEqualTo(3);
    record.onEnd(200, RequestOutcome.SUCCESS, Usage.UNKNOWN);
    Timer itl = metrics.registry().get("baton.request.itl").tag("route", "aggregated").timer();
    assertThat(itl.count()).as("a gap per token after the first").isEqualTo(5);
    assertThat(itl.totalTime(TimeUnit.MILLISECONDS)).as("0 within a chunk, 1 ms between chunks")
        .isEqualTo(2.0);
  }

  /** What the client gets of {@code all} cut at {@code first}, then in chunks of {@code size}. */
  private static String relayed(boolean strip, Buffer all, int first, int size) {
    AnswerReader reader = AnswerReader.stream(record(), strip);
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (int end = first; at < all.length(); end = Math.min(all.length(), at + size)) {
      out.append(reader.chunk(all.slice(at, end)));
      at = end;
    }
    Buffer rest = reader.end();
    return out.append(rest == null ? "" : rest.toString()).toString();
  }

  private static RequestRecord record() {
    return new RequestObserver(BatonMetrics.create(
        () -> BatonMetricsTest.split("http://10.0.0.1:8000", "http://10.0.0.2:8000")),
        dev.baton.server.accesslog.AccessLog.disabled()).onStart("r", "m");
  }

  /** What the client gets of {@code STREAM} fed in 7-byte chunks. */
  private static String relay(boolean strip) {
    AnswerReader reader = AnswerReader.stream(record(), strip);
    StringBuilder out = new StringBuilder();
    Buffer all = Buffer.buffer(STREAM);
    for (int i = 0; i < all.length(); i += 7) {
      out.append(reader.chunk(all.slice(i, Math.min(all.length(), i + 7))));
    }
    Buffer rest = reader.end();
    return out.append(rest == null ? "" : rest.toString()).toString();
  }

  @Test
  void aJsonBodysUsageIsFoundWhereverItsChunksBreak() {
    String body = "{\"id\":\"c\",\"choices\":[{\"text\":\"usage \\\"x\\\"\",\"usage\":{\"prompt_tokens\":1}}],"
        + "\"usage\":{\"prompt_tokens\":12,\"total_tokens\":19,\"prompt_tokens_details\":{\"cached_tokens\":4},"
        + "\"completion_tokens\":7},\"prompt_logprobs\":[null,{\"5\":{\"logprob\":-1.0}}]}";
    for (int size : new int[] {1, 3, 50, body.length()}) {
      JsonUsageReader reader = new JsonUsageReader();
      for (int i = 0; i < body.length(); i += size) {
        reader.feed(Buffer.buffer(body.substring(i, Math.min(body.length(), i + size))));
      }
      assertThat(reader.usage()).as("chunks of %d", size).isEqualTo(new Usage(12, 7));
    }
    JsonUsageReader none = new JsonUsageReader();
    none.feed(Buffer.buffer("<html>oops</html>"));
    assertThat(none.usage()).isEqualTo(Usage.UNKNOWN);
  }
}
