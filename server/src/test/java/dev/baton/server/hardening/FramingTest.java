package dev.baton.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.testing.TestBed;
import dev.baton.transfer.testing.ScriptedWorker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP/1.1 requests whose body length two parties could read differently (RFC 9112 section 6):
 * each gets 400 in OpenAI's shape and the connection is closed, so nothing smuggled after it is
 * read as a request; none reaches the worker. (Content-Length with chunked is read as chunked: Netty
 * drops the length before Baton can see it; see {@code Framing}.)
 */
class FramingTest {
  private static final String BODY = HardenedBaton.BODY;
  private static final String CHUNKED = Integer.toHexString(BODY.length()) + "\r\n" + BODY
      + "\r\n0\r\n\r\n";

  @RegisterExtension final TestBed bed = new TestBed();
  private ScriptedWorker worker;
  private BatonServer baton;
  private Baseline baseline;

  @BeforeEach
  void start() {
    worker = bed.worker(ex -> ex.json(200, HardenedBaton.ANSWER));
    baton = HardenedBaton.start(bed, worker.url(), "");
    HardenedBaton.assertServed(baton);
    baseline = Baseline.take("ambiguous framing", baton);
  }

  private static String head(String framing) {
    return "POST /v1/completions HTTP/1.1\r\nHost: baton\r\nContent-Type: application/json\r\n"
        + "Authorization: Bearer " + HardenedBaton.KEY + "\r\n" + framing + "\r\n";
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Transfer-Encoding: chunked, identity\r\n",
      "Transfer-Encoding: identity, chunked\r\n",
      "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
      "Transfer-Encoding:\r\n chunked\r\n",
      "Transfer-Encoding: gzip\r\nContent-Length: 60\r\n",
      "Transfer-Encoding: xchunked\r\n",
  })
  void ambiguousFramingGets400AndTheConnectionClosed(String framing) throws Exception {
    try (H1Socket client = new H1Socket(baton.port())) {
      client.send(head(framing) + CHUNKED);
      assertThat(client.closedWithin(5_000)).as("connection closed").isTrue();
      assertThat(client.seen()).startsWith("HTTP/1.1 400").contains("invalid_request_error")
          .doesNotContain("HTTP/1.1 200");
    }
    assertThat(worker.requests.get()).as("nothing reached the worker").isEqualTo(1);
    baseline.assertReturned(32L << 20, 5);
    HardenedBaton.assertServed(baton);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Transfer-Encoding: chunked\r\n", "Transfer-Encoding: Chunked\r\n"})
  void plainChunkedIsServed(String framing) throws Exception {
    try (H1Socket client = new H1Socket(baton.port())) {
      client.send(head(framing) + CHUNKED);
      assertThat(client.readUntil(HardenedBaton.ANSWER, 5_000)).startsWith("HTTP/1.1 200");
    }
  }
}
