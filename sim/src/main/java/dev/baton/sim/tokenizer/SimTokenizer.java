package dev.baton.sim.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic stand-in for the Llama 3 tokenizer: same vocabulary size (128,256), same special
 * tokens, roughly the same number of tokens per word, and no model files.
 *
 * <p>Text is split into pieces: a special token such as {@code <|eot_id|>}; or an optional single
 * leading space followed by up to 6 letters, up to 3 digits, or one other character; or a run of
 * whitespace. A piece's id is a 64-bit FNV-1a hash of its UTF-8 bytes modulo 128,000 (ids from
 * 128,000 up are the special tokens). Ids are stable across runs and machines, so tests can compare
 * exact token ids. Words the simulator generates ({@link Vocabulary}) decode back to their text;
 * other ids decode to a placeholder.
 */
public final class SimTokenizer {

  /** Vocabulary size of Llama 3. */
  public static final int VOCAB_SIZE = 128_256;
  /** Ids below this are ordinary pieces; the rest are special tokens. */
  public static final int FIRST_SPECIAL = 128_000;
  public static final int BEGIN_OF_TEXT = 128_000;
  public static final int END_OF_TEXT = 128_001;
  public static final int START_HEADER = 128_006;
  public static final int END_HEADER = 128_007;
  public static final int EOT = 128_009;

  private static final Map<String, Integer> SPECIALS =
      Map.of(
          "<|begin_of_text|>", BEGIN_OF_TEXT,
          "<|end_of_text|>", END_OF_TEXT,
          "<|start_header_id|>", START_HEADER,
          "<|end_header_id|>", END_HEADER,
          "<|eot_id|>", EOT);

  private static final Pattern PIECE =
      Pattern.compile("<\\|[a-z_]+\\|>|\\s?[A-Za-z]{1,6}|\\s?[0-9]{1,3}|\\s?[^\\sA-Za-z0-9]|\\s+");

  private SimTokenizer() {}

  /** Token ids and their text pieces, index for index. */
  public record Encoding(int[] ids, List<String> pieces) {
    public int size() {
      return ids.length;
    }
  }

  /** Tokenizes text, with {@code <|begin_of_text|>} first when {@code addBos} (as vLLM does for completions). */
  public static Encoding encode(String text, boolean addBos) {
    List<String> pieces = new ArrayList<>();
    if (addBos && !text.startsWith("<|begin_of_text|>")) {
      pieces.add("<|begin_of_text|>");
    }
    Matcher m = PIECE.matcher(text);
    while (m.find()) {
      pieces.add(m.group());
    }
    int[] ids = new int[pieces.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = idOf(pieces.get(i));
    }
    return new Encoding(ids, pieces);
  }

  /** The id of one piece. */
  public static int idOf(String piece) {
    Integer special = SPECIALS.get(piece);
    if (special != null) {
      return special;
    }
    long h = 0xcbf29ce484222325L;
    for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return (int) Math.floorMod(h, (long) FIRST_SPECIAL);
  }

  /** Text of one id: generated words and special tokens decode exactly, others to a placeholder. */
  public static String decode(int id) {
    String word = Vocabulary.textOf(id);
    if (word != null) {
      return word;
    }
    for (Map.Entry<String, Integer> e : SPECIALS.entrySet()) {
      if (e.getValue() == id) {
        return e.getKey();
      }
    }
    return id >= FIRST_SPECIAL ? "<|reserved_special_token_" + (id - FIRST_SPECIAL) + "|>" : " t" + id;
  }

  /** Concatenated text of ids. */
  public static String decode(int[] ids, int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append(decode(ids[i]));
    }
    return sb.toString();
  }
}
