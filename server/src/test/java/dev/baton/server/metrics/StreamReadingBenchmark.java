package dev.baton.server.metrics;

import io.vertx.core.buffer.Buffer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a relayed answer as {@code AnswerReader} does, per event: a 33-event vLLM answer (chat:
 * role, 30 content chunks, finish, [DONE], as scripts/bench-proxy's worker sends; completions: 30
 * text chunks, finish, usage, [DONE]) arrives in one chunk, is cut into events and each event is
 * read, by Jackson's token stream ({@code jackson}, Baton's reader before the scanner) or by
 * {@link EventScanner} ({@code scanner}). Scores are per event; run with {@code -prof gc} for the
 * bytes allocated per event (the command is in docs/benchmarks.md).
 *
 * <p>On a machine other jobs load, JMH's wall-clock scores say more about the machine than the
 * code; {@link #main} measures the thread's CPU time instead, both readers in alternate rounds
 * ({@code -Dchunks=event} for a chunk per event).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(StreamReadingBenchmark.EVENTS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StreamReadingBenchmark {
  static final int EVENTS = 33;
  private static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";

  @Param({"chat", "completions"})
  String answer;

  /**
   * How the answer arrives: in one chunk ({@code answer}), or a chunk per event ({@code event}), as
   * bench-proxy's worker sends it in chunked encoding and the relay reads it.
   */
  @Param({"answer", "event"})
  String chunks = "answer";

  private Buffer[] arriving;
  /** One per answer, as a stream has its own (it keeps the head its events share). */
  private EventScanner scanner;
  private int tokens;
  private final SseEventSplitter.Sink byJackson = (piece, event) -> {
    SseData data = SseData.of(event);
    tokens += data == null || !data.startsWith('{') ? 0 : JacksonEventReader.read(data).tokens();
  };
  /** As the relay's reader: an event its chunk holds whole is read where it lies. */
  private final SseEventSplitter.Sink byScanner = new SseEventSplitter.Sink() {
    @Override
    public void accept(SseEventSplitter.Piece piece, Buffer event) {
      tokens += StreamEvent.of(event, scanner).tokens();
    }

    @Override
    public void event(Buffer chunk, HeapBytes bytes, int from, int to) {
      tokens += StreamEvent.of(chunk, bytes, from, to, scanner).tokens();
    }
  };

  @Setup
  public void setUp() {
    String text = answer.equals("chat") ? chat() : completions();
    arriving = chunks.equals("answer") ? new Buffer[] {Buffer.buffer(text)}
        : Arrays.stream(text.split("(?<=\n\n)")).map(Buffer::buffer).toArray(Buffer[]::new);
    int expected = answer.equals("chat") ? 30 : 31;
    if (jackson() != expected || scanner() != expected) {
      throw new IllegalStateException("the " + answer + " answer should count " + expected + " tokens");
    }
  }

  @Benchmark
  public int jackson() {
    return read(byJackson);
  }

  @Benchmark
  public int scanner() {
    scanner = new EventScanner();
    return read(byScanner);
  }

  private int read(SseEventSplitter.Sink sink) {
    tokens = 0;
    SseEventSplitter splitter = new SseEventSplitter(AnswerReader.MAX_EVENT_BYTES);
    for (Buffer chunk : arriving) {
      splitter.feed(chunk, sink);
    }
    return tokens;
  }

  /**
   * CPU nanoseconds per event of each reader, the median of {@code rounds} alternate rounds of
   * about {@code millis} ms each, after as many rounds of warm-up: {@code [rounds [millis]]}.
   */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    long millis = args.length > 1 ? Long.parseLong(args[1]) : 500;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (String kind : new String[] {"chat", "completions"}) {
      StreamReadingBenchmark bench = new StreamReadingBenchmark();
      bench.answer = kind;
      bench.chunks = System.getProperty("chunks", "answer");
      bench.setUp();
      double[][] perEvent = new double[2][rounds];
      for (int round = -rounds; round < rounds; round++) {
        for (int reader = 0; reader < 2; reader++) {
          long answers = 0;
          long tokens = 0;
          long start = threads.getCurrentThreadCpuTime();
          long until = System.nanoTime() + millis * 1_000_000;
          while (System.nanoTime() < until) {
            for (int i = 0; i < 1_000; i++) {
              tokens += reader == 0 ? bench.jackson() : bench.scanner();
            }
            answers += 1_000;
          }
          long cpu = threads.getCurrentThreadCpuTime() - start;
          if (tokens != answers * (kind.equals("chat") ? 30 : 31)) {
            throw new IllegalStateException("miscounted: " + tokens + " tokens in " + answers + " answers");
          }
          if (round >= 0) {
            perEvent[reader][round] = (double) cpu / (answers * EVENTS);
          }
        }
      }
      double jackson = median(perEvent[0]);
      double scanner = median(perEvent[1]);
      System.out.printf("%s: jackson %.0f ns/event, scanner %.0f ns/event of CPU, %.1fx%n",
          kind, jackson, scanner, jackson / scanner);
    }
  }

  /** The middle value (the upper one of an even count), for the rounds of a side-by-side run. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  static String chat() {
    String head = "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1764547200,"
        + "\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,";
    StringBuilder s = new StringBuilder(head)
        .append("\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
    for (int i = 1; i <= 30; i++) {
      s.append(head).append("\"delta\":{\"content\":\" token").append(i)
          .append("\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
    }
    return s.append(head).append("\"delta\":{},\"logprobs\":null,\"finish_reason\":\"length\",\"stop_reason\":null}]}\n\n")
        .append("data: [DONE]\n\n").toString();
  }

  static String completions() {
    String head = "data: {\"id\":\"cmpl-bench\",\"object\":\"text_completion\",\"created\":1764547200,"
        + "\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,";
    StringBuilder s = new StringBuilder();
    for (int i = 1; i <= 31; i++) {
      s.append(head).append("\"text\":\" token").append(i).append("\",\"logprobs\":null,\"finish_reason\":")
          .append(i == 31 ? "\"length\"" : "null").append(",\"stop_reason\":null}],\"usage\":null}\n\n");
    }
    return s.append("data: {\"id\":\"cmpl-bench\",\"object\":\"text_completion\",\"created\":1764547200,\"model\":\"")
        .append(MODEL).append("\",\"choices\":[],\"usage\":{\"prompt_tokens\":24,\"total_tokens\":55,")
        .append("\"completion_tokens\":31,\"prompt_tokens_details\":null}}\n\n")
        .append("data: [DONE]\n\n").toString();
  }
}
