package dev.baton.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** The usage chunk Baton asks for: spliced into the client's bytes, the same body as written out. */
class UsageChunkRequestTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theSplicedBytesAreTheBodyWithTheUsageOptionAdded() throws Exception {
    for (String client : new String[] {
        "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"{x}\"}]}",
        " \n {\n  \"stream\" : true }\n",
        "{}",
        "{ }"}) {
      ObjectNode expected = (ObjectNode) JSON.readTree(client);
      assertThat(UsageChunkRequest.add(expected)).isTrue();
      Buffer spliced = UsageChunkRequest.spliced(Buffer.buffer(client));
      assertThat(JSON.readTree(spliced.toString())).as(client).isEqualTo(expected);
    }
  }

  @Test
  void bytesThatAreNoObjectAreNotSpliced() {
    assertThat(UsageChunkRequest.spliced(Buffer.buffer("[1]"))).isNull();
    assertThat(UsageChunkRequest.spliced(Buffer.buffer("  {"))).isNull();
    assertThat(UsageChunkRequest.spliced(Buffer.buffer(""))).isNull();
  }

  @Test
  void aClientsOwnUsageOptionIsKeptAndContinuousStatsWithoutItDropped() throws Exception {
    ObjectNode asked = (ObjectNode) JSON.readTree("{\"stream_options\":{\"include_usage\":true}}");
    assertThat(UsageChunkRequest.add(asked)).isFalse();
    ObjectNode partly = (ObjectNode) JSON.readTree("{\"stream_options\":{\"continuous_usage_stats\":true}}");
    assertThat(UsageChunkRequest.add(partly)).isTrue();
    assertThat(partly.toString()).isEqualTo("{\"stream_options\":{\"include_usage\":true}}");
  }
}
