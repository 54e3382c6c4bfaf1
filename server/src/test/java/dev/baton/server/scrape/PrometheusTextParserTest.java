package dev.baton.server.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import io.vertx.core.buffer.Buffer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusTextParserTest {

  @Test
  void readsEverySampleOfAVllmBody() {
    List<Sample> samples = PrometheusTextParser.parseAll(MetricsFixtures.VLLM);

    assertThat(samples).hasSize(27);
    Sample running = only(samples, "vllm:num_requests_running");
    assertThat(running.type()).isEqualTo(MetricType.GAUGE);
    assertThat(running.family()).isEqualTo("vllm:num_requests_running");
    assertThat(running.labels())
        .containsExactly(
            Map.entry("engine", "0"), Map.entry("model_name", MetricsFixtures.MODEL));
    assertThat(running.value()).isEqualTo(3.0);
    assertThat(running.timestampMillis()).isEmpty();
    assertThat(only(samples, "process_resident_memory_bytes").value()).isEqualTo(4.853522432e9);
  }

  @Test
  void countersDeclaredWithTheirTotalNameBelongToTheBareFamily() {
    List<Sample> samples = PrometheusTextParser.parseAll(MetricsFixtures.VLLM);

    Sample queries = only(samples, "vllm:prefix_cache_queries_total");
    assertThat(queries.type()).isEqualTo(MetricType.COUNTER);
    assertThat(queries.family()).isEqualTo("vllm:prefix_cache_queries");
    // prometheus_client puts _created in a gauge family of its own.
    Sample created = only(samples, "vllm:prefix_cache_queries_created");
    assertThat(created.type()).isEqualTo(MetricType.GAUGE);
    assertThat(created.family()).isEqualTo("vllm:prefix_cache_queries_created");
  }

  @Test
  void openMetricsStyleCounterDeclarationAlsoMatchesTheTotalSample() {
    List<Sample> samples =
        PrometheusTextParser.parseAll(
            """
            # TYPE vllm:prompt_tokens counter
            vllm:prompt_tokens_total 100
            vllm:prompt_tokens_created 1.7e9
            vllm:prompt_tokens_bucket 1
            """);

    assertThat(samples).extracting(Sample::family, Sample::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("vllm:prompt_tokens", MetricType.COUNTER),
            org.assertj.core.groups.Tuple.tuple("vllm:prompt_tokens", MetricType.COUNTER),
            org.assertj.core.groups.Tuple.tuple("vllm:prompt_tokens_bucket", MetricType.UNTYPED));
  }

  @Test
  void histogramSeriesBelongToTheirFamilyWithInfiniteBucketBound() {
    List<Sample> samples = PrometheusTextParser.parseAll(MetricsFixtures.VLLM);

    List<Sample> ttft =
        samples.stream().filter(s -> s.family().equals("vllm:time_to_first_token_seconds")).toList();
    assertThat(ttft).hasSize(7).allMatch(s -> s.type() == MetricType.HISTOGRAM);
    assertThat(ttft.get(4).name()).isEqualTo("vllm:time_to_first_token_seconds_bucket");
    assertThat(ttft.get(4).label("le")).isEqualTo("+Inf");
    assertThat(ttft.get(4).value()).isEqualTo(412.0);
    assertThat(ttft.get(6).name()).isEqualTo("vllm:time_to_first_token_seconds_sum");
    assertThat(ttft.get(6).value()).isEqualTo(21.734);
  }

  @Test
  void summariesAndUntypedSamples() {
    List<Sample> samples =
        PrometheusTextParser.parseAll(
            """
            # TYPE rpc_duration_seconds summary
            rpc_duration_seconds{quantile="0.5"} 4773
            rpc_duration_seconds_sum 1.7560473e+07
            rpc_duration_seconds_count 2693
            some_untyped_thing 7
            """);

    assertThat(samples).extracting(Sample::family)
        .containsExactly(
            "rpc_duration_seconds", "rpc_duration_seconds", "rpc_duration_seconds",
            "some_untyped_thing");
    assertThat(samples.get(3).type()).isEqualTo(MetricType.UNTYPED);
  }

  @Test
  void unescapesLabelValuesAndKeepsUtf8() {
    Sample sample =
        PrometheusTextParser.parseAll(
                "msg{path=\"C:\\\\models\\\\\",quote=\"say \\\"hi\\\"\",lines=\"a\\nb\",name=\"modèle\"} 1\n")
            .getFirst();

    assertThat(sample.labels())
        .containsExactly(
            Map.entry("path", "C:\\models\\"),
            Map.entry("quote", "say \"hi\""),
            Map.entry("lines", "a\nb"),
            Map.entry("name", "modèle"));
  }

  @Test
  void readsSpecialValuesAndTimestamps() {
    List<Sample> samples =
        PrometheusTextParser.parseAll(
            """
            a NaN
            b +Inf
            c -Inf
            d -0.5e-3 1395066363000
            e 42 -10
            f .5
            """);

    assertThat(samples.get(0).value()).isNaN();
    assertThat(samples.get(1).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(samples.get(2).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(samples.get(3).value()).isEqualTo(-0.0005);
    assertThat(samples.get(3).timestampMillis()).isEqualTo(OptionalLong.of(1395066363000L));
    assertThat(samples.get(4).timestampMillis()).isEqualTo(OptionalLong.of(-10));
    assertThat(samples.get(5).value()).isEqualTo(0.5);
  }

  @Test
  void toleratesBlanksTrailingCommaCrlfCommentsAndAMissingFinalNewline() {
    List<Sample> samples =
        PrometheusTextParser.parseAll(
            "# a plain comment\r\n\n   \t\n"
                + "# HELP x Help with an escaped \\\\ backslash\\nand newline\r\n"
                + "x { a = \"1\" , b=\"2\", }\t 3 \r\n"
                + "y{} 4");

    assertThat(samples).hasSize(2);
    assertThat(samples.get(0).labels()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    assertThat(samples.get(1).value()).isEqualTo(4.0);
  }

  @Test
  void anyChunkingGivesTheSameSamples() {
    byte[] body = MetricsFixtures.VLLM.getBytes(StandardCharsets.UTF_8);
    List<Sample> whole = PrometheusTextParser.parseAll(MetricsFixtures.VLLM);
    for (int chunkSize : new int[] {1, 2, 7, 64, 333, 4096}) {
      List<Sample> chunked = new ArrayList<>();
      PrometheusTextParser parser = new PrometheusTextParser(collectWhere(s -> true, chunked));
      for (int i = 0; i < body.length; i += chunkSize) {
        parser.feed(Buffer.buffer().appendBytes(body, i, Math.min(chunkSize, body.length - i)));
      }
      parser.end();
      assertThat(chunked).as("chunks of %d bytes", chunkSize).isEqualTo(whole);
    }
  }

  @Test
  void decodesOnlyWantedSamplesButChecksEveryLine() {
    List<Sample> wanted = new ArrayList<>();
    PrometheusTextParser parser =
        new PrometheusTextParser(
            collectWhere(name -> "vllm:num_requests_waiting".contentEquals(name), wanted));
    parser.feed(Buffer.buffer(MetricsFixtures.VLLM));
    parser.end();
    assertThat(wanted).extracting(Sample::value).containsExactly(1.0);

    assertThatThrownBy(() -> parser.feed(Buffer.buffer("unwanted{a=\"unterminated} 1\n")))
        .isInstanceOf(PrometheusFormatException.class);
  }

  @Test
  void theParserIsReusableAcrossBodies() {
    List<Sample> samples = new ArrayList<>();
    PrometheusTextParser parser = new PrometheusTextParser(collectWhere(s -> true, samples));
    for (int i = 0; i < 3; i++) {
      parser.feed(Buffer.buffer("# TYPE g gauge\ng " + i + "\n"));
      parser.end();
    }
    assertThat(samples).extracting(Sample::value).containsExactly(0.0, 1.0, 2.0);
  }

  @Test
  void errorsNameTheLine() {
    assertThatThrownBy(() -> PrometheusTextParser.parseAll("ok 1\n\n# HELP x y\nbad{ 1\n"))
        .isInstanceOf(PrometheusFormatException.class)
        .hasMessageStartingWith("line 4:")
        .extracting(e -> ((PrometheusFormatException) e).line())
        .isEqualTo(4);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1metric 1",
        "metric",
        "metric{} ",
        "metric abc",
        "metric 1.5f",
        "metric 0x10",
        "metric 1e",
        "metric 1 2 3",
        "metric 1 1.5",
        "metric 1 99999999999999999999",
        "metric{a=\"b} 1",
        "metric{a=b} 1",
        "metric{a\"b\"} 1",
        "metric{a=\"b\" 1",
        "metric{a=\"b\"c=\"d\"} 1",
        "metric{,} 1",
        "metric{1a=\"b\"} 1",
        "metric{a=\"\\q\"} 1",
        "metric{a=\"1\",a=\"2\"} 1",
        "metric-name 1",
        "{\"utf8.name\"} 1",
        "# TYPE metric",
        "# TYPE metric gaugey",
        "# TYPE metric gauge extra",
        "# TYPE 9metric gauge",
        "# HELP",
        "# HELP metric bad \\t escape",
        "# TYPE metric gauge\n# TYPE metric gauge",
      })
  void rejectsMalformedInput(String body) {
    assertThatThrownBy(() -> PrometheusTextParser.parseAll(body))
        .isInstanceOf(PrometheusFormatException.class);
  }

  @Test
  void rejectsOverlongLines() {
    PrometheusTextParser parser = new PrometheusTextParser(collectWhere(s -> true, new ArrayList<>()));
    Buffer noNewline = Buffer.buffer(new byte[64 * 1024]);
    assertThatThrownBy(
            () -> {
              for (int i = 0; i <= PrometheusTextParser.MAX_LINE_BYTES / noNewline.length(); i++) {
                parser.feed(noNewline);
              }
            })
        .isInstanceOf(PrometheusFormatException.class)
        .hasMessageContaining("longer than");
  }

  @Test
  void linesNobodyWantsAreCheckedWithoutCopyingThem() {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
    PrometheusTextParser parser =
        new PrometheusTextParser(collectWhere(name -> false, new ArrayList<>()));
    Buffer body = Buffer.buffer(MetricsFixtures.VLLM);
    for (int i = 0; i < 500; i++) {
      parser.feed(body);
      parser.end();
    }

    long before = threads.getCurrentThreadAllocatedBytes();
    int rounds = 2000;
    for (int i = 0; i < rounds; i++) {
      parser.feed(body);
      parser.end();
    }
    long perBody = (threads.getCurrentThreadAllocatedBytes() - before) / rounds;

    // What is left is about one small String per # TYPE line (kept to catch duplicate
    // declarations): well under a copy of the body, let alone a String per line.
    assertThat(perBody).isLessThan(body.length());
  }

  private static Sample only(List<Sample> samples, String name) {
    List<Sample> matching = samples.stream().filter(s -> s.name().equals(name)).toList();
    assertThat(matching).as(name).hasSize(1);
    return matching.getFirst();
  }

  private static PrometheusTextParser.SampleHandler collectWhere(
      Predicate<CharSequence> wanted, List<Sample> into) {
    return new PrometheusTextParser.SampleHandler() {
      @Override
      public boolean wants(CharSequence sampleName) {
        return wanted.test(sampleName);
      }

      @Override
      public void sample(Sample sample) {
        into.add(sample);
      }
    };
  }
}
