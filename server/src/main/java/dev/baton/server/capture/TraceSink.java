package dev.baton.server.capture;

import dev.baton.bench.trace.TraceFile;
import dev.baton.bench.trace.TraceRecord;
import dev.baton.router.latency.SloTarget;
import dev.baton.server.accesslog.BackgroundWriter;
import dev.baton.server.accesslog.LineAppender;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes the trace ({@link TraceConfig}): the request path asks for a {@link TraceDraft} when a
 * request arrives and the draft hands its finished {@link TraceRecord} back when the request ends.
 * Lines are formatted and written by the access log's kind of background thread
 * ({@link BackgroundWriter}) into a file rotated by size ({@link LineAppender}), never on an event
 * loop; when the disk falls behind or fails, lines are dropped and counted rather than slowing
 * requests down.
 */
public final class TraceSink implements AutoCloseable {

  /** Traces nothing. */
  public static final TraceSink OFF = new TraceSink(null, null, null);

  /** Lines that may wait for the disk: a few hundred bytes each, some 30 MB at worst. */
  private static final int QUEUE_CAPACITY = 65_536;

  /** How often the writer wakes: a line reaches the file within about this, or at close. */
  private static final long WRITE_INTERVAL_MILLIS = 100;

  private final TraceConfig config;
  private final LineAppender<TraceRecord> file;
  private final BackgroundWriter<TraceRecord> writer;

  private TraceSink(TraceConfig config, LineAppender<TraceRecord> file,
      BackgroundWriter<TraceRecord> writer) {
    this.config = config;
    this.file = file;
    this.writer = writer;
  }

  /** The sink {@code config} describes; {@link #OFF} for null. Starts its writer thread. */
  public static TraceSink of(TraceConfig config) {
    if (config == null) {
      return OFF;
    }
    LineAppender<TraceRecord> file = LineAppender.toFile(Path.of(config.path()),
        config.maxFileBytes(), config.maxFiles(), TraceFile::toLine);
    return new TraceSink(config, file,
        new BackgroundWriter<>("baton-trace", QUEUE_CAPACITY, WRITE_INTERVAL_MILLIS, file));
  }

  /** Whether any request may be traced: when not, a request need not read the clock for a draft. */
  public boolean isOn() {
    return config != null;
  }

  /**
   * A draft for one arriving request, or null when the sink is off or the request is not sampled.
   *
   * @param arrivalMs the request's arrival, Unix time in ms
   * @param prompt the prompt as text (chat messages rendered), hashed by characters until the
   *     draft is given token ids
   * @param promptTokens Baton's estimate, until the worker's usage replaces it
   */
  public TraceDraft draft(double arrivalMs, String model, String tenant, String prompt,
      int promptTokens, int maxTokens, boolean stream, String priority, SloTarget slo,
      String session) {
    if (config == null || (config.sampleRate() < 1
        && ThreadLocalRandom.current().nextDouble() >= config.sampleRate())) {
      return null;
    }
    TraceDraft draft = new TraceDraft(this, arrivalMs, model, tenant, promptTokens, maxTokens,
        stream, priority, slo, session, config.includePrompts() ? prompt : null,
        config.blockTokens());
    if (config.includePromptHashes()) {
      draft.hashText(prompt);
    }
    return draft;
  }

  /** Whether drafts may take token ids (hashes are on). */
  boolean hashes() {
    return config != null && config.includePromptHashes();
  }

  void offer(TraceRecord record) {
    writer.offer(record);
  }

  /** Lines lost because the writer could not keep up or failed to write. */
  public long dropped() {
    return writer == null ? 0 : writer.dropped() + file.lost();
  }

  /** Lines written. */
  public long written() {
    return writer == null ? 0 : writer.written() - file.lost();
  }

  /** Writes what is queued (waiting at most two seconds) and closes the file. Blocks. */
  @Override
  public void close() {
    if (writer != null) {
      writer.close();
      file.close();
    }
  }
}
