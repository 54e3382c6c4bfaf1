package dev.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.bench.FakeOpenAiServer.Fault;
import dev.baton.bench.workload.WorkloadKind;
import dev.baton.bench.workload.WorkloadSpec;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code --also-url}: a client alternating between replicas sends each one its share in turn. */
class ReplicaUrlsTest {
  private final Vertx vertx = Vertx.vertx();
  private FakeOpenAiServer first;
  private FakeOpenAiServer second;

  @AfterEach
  void tearDown() {
    first.close();
    second.close();
    Await.result(vertx.close(), Duration.ofSeconds(30));
  }

  @Test
  void requestsAlternateBetweenTheServerAndItsReplica() {
    first = FakeOpenAiServer.start(vertx, 0, true, i -> Fault.NONE);
    second = FakeOpenAiServer.start(vertx, 0, true, i -> Fault.NONE);
    BenchSummary summary = Await.result(BenchRunner.run(vertx, BenchOptions.builder(first.url())
        .replicaUrl(URI.create(second.url())).model("m").concurrency(1).requests(10)
        .workload(WorkloadSpec.defaults(WorkloadKind.SHARED_PREFIX).withSystemTokens(50)
            .withQuestionTokens(10).withOutputTokens(2))
        .build()), Duration.ofSeconds(60));

    assertThat(summary.ok()).isEqualTo(10);
    assertThat(first.requests()).isEqualTo(5);
    assertThat(second.requests()).isEqualTo(5);
  }
}
