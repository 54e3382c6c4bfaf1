package dev.baton.server.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The optional trace sink ({@code trace:}): one JSON line per sampled request, for
 * {@code baton replay} (docs/tuning.md). Off when the section is absent. Read at start; a reload
 * does not change it.
 *
 * @param path the file lines are appended to; rotated files are {@code path.1} (newest) up to
 *     {@code path.<maxFiles - 1>}
 * @param sampleRate the share of requests traced, in (0, 1] (default 1: all)
 * @param includePromptHashes write the chained hash of each prompt block (default true): what a
 *     replay needs to reproduce shared prefixes; no text can be read back from them
 * @param includePrompts also write the prompt's text (default false: never, since prompts may hold
 *     personal data)
 * @param maxFileBytes rotate when the current file would pass this size (default 100 MiB)
 * @param maxFiles files kept, the current one included (default 5); older ones are deleted, so the
 *     trace never takes more than {@code maxFiles * maxFileBytes} on disk
 * @param blockTokens tokens per hashed block (default 16, vLLM's block size); without the prompt's
 *     token ids a block is {@code 4 * blockTokens} characters, Baton's usual estimate
 */
public record TraceConfig(
    String path,
    Double sampleRate,
    Boolean includePromptHashes,
    Boolean includePrompts,
    Long maxFileBytes,
    Integer maxFiles,
    Integer blockTokens) {

  public TraceConfig {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("trace.path is required: the file to write lines to");
    }
    sampleRate = sampleRate == null ? 1.0 : sampleRate;
    includePromptHashes = includePromptHashes == null || includePromptHashes;
    includePrompts = includePrompts != null && includePrompts;
    maxFileBytes = maxFileBytes == null ? 100L * 1024 * 1024 : maxFileBytes;
    maxFiles = maxFiles == null ? 5 : maxFiles;
    blockTokens = blockTokens == null ? 16 : blockTokens;
    if (!(sampleRate > 0 && sampleRate <= 1)) {
      throw new IllegalArgumentException("trace.sampleRate must be within (0, 1], got " + sampleRate);
    }
    if (maxFileBytes < 4096) {
      throw new IllegalArgumentException("trace.maxFileBytes must be at least 4096, got "
          + maxFileBytes);
    }
    if (maxFiles < 1 || blockTokens < 1) {
      throw new IllegalArgumentException("trace.maxFiles and trace.blockTokens must be >= 1");
    }
  }

  /**
   * Why the sink could not write {@code path}, or empty. Loading the file ({@code baton validate},
   * {@code baton serve}) checks it, so a typo fails there instead of at every line; missing
   * directories are created.
   */
  public Optional<String> pathProblem() {
    Path file = Path.of(path).toAbsolutePath();
    if (Files.isDirectory(file)) {
      return Optional.of(file + " is a directory; name a file in it");
    }
    Path existing = file.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
      return Optional.of("cannot create " + file + ": " + existing
          + " is not a writable directory");
    }
    return Files.exists(file) && !Files.isWritable(file)
        ? Optional.of(file + " is not writable") : Optional.empty();
  }

  /** Every request, hashes on, prompts off, the default bounds. */
  public static TraceConfig to(String path) {
    return new TraceConfig(path, null, null, null, null, null, null);
  }
}
