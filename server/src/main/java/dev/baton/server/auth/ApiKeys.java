package dev.baton.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The accepted client keys, held as SHA-256 digests only. A presented key is hashed and compared
 * with every digest in constant time, without stopping at a match, so neither the comparison nor
 * the position of a key in the list shows in the response time.
 */
public final class ApiKeys {
  private record Entry(Caller caller, byte[] digest) {}

  private final List<Entry> entries;

  private ApiKeys(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Keys from the YAML list and the key file; fails with a message naming the bad entry. */
  public static ApiKeys of(AuthConfig config) {
    List<Entry> entries = new ArrayList<>();
    for (ApiKeyConfig k : config.keys()) {
      entries.add(new Entry(new Caller(k.name(), k.maxPriority()),
          k.sha256() != null ? hex(k.sha256(), "auth.keys." + k.name()) : sha256(k.key())));
    }
    if (config.keyFile() != null) {
      entries.addAll(readFile(Path.of(config.keyFile())));
    }
    return new ApiKeys(entries);
  }

  /** True when no key is configured: authentication is off. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The tenant whose key this is, if any. */
  public Optional<String> tenantOf(String presented) {
    return callerOf(presented).map(Caller::tenant);
  }

  /** Who holds this key, if anyone. */
  public Optional<Caller> callerOf(String presented) {
    byte[] digest = sha256(presented);
    Caller match = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(digest, e.digest()) && match == null) {
        match = e.caller();
      }
    }
    return Optional.ofNullable(match);
  }

  private static List<Entry> readFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("auth.keyFile: cannot read " + file + ": " + e.getMessage());
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      String where = "auth.keyFile " + file + " line " + (i + 1);
      if (parts.length != 2) {
        throw new IllegalArgumentException(where + ": expected '<tenant> <key>'");
      }
      entries.add(new Entry(new Caller(parts[0], null), parts[1].startsWith("sha256:")
          ? hex(parts[1].substring("sha256:".length()), where) : sha256(parts[1])));
    }
    return entries;
  }

  private static byte[] hex(String digest, String where) {
    try {
      byte[] bytes = HexFormat.of().parseHex(digest.strip().toLowerCase());
      if (bytes.length == 32) {
        return bytes;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new IllegalArgumentException(where + ": sha256 must be 64 hex digits");
  }

  /** The SHA-256 digest of a key's UTF-8 bytes. */
  public static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
