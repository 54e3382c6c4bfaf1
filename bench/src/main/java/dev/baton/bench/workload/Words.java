package dev.baton.bench.workload;

import java.util.SplittableRandom;

/**
 * Plain-word text from a fixed vocabulary of short, common English words: every tokenizer splits
 * them into about one token each, so a word count is a fair token estimate for any model.
 */
final class Words {

  private static final String[] VOCABULARY = (
      "the of and to in is was for on are with as be at by this had not but from have they you "
      + "were her his one all she there would their we him been has when who will more no if out "
      + "so said what up its about into than them can only other new some could time these two may "
      + "then do first any my now such like our over man me even most made after also did many "
      + "before must through back years where much your way well down should because each just "
      + "those people how too little state good very make world still own see men work long get "
      + "here between both life being under never day same another know while last might us great "
      + "old year off come since against go came right used take three states himself few house "
      + "use during without again place around however home small found thought went say part "
      + "once general high upon school every does got united left number course war until always "
      + "away something fact though water less public put think almost hand enough far took head "
      + "yet government system better set told nothing night end why called find going look asked "
      + "later knew point next program city business give group toward young days let room side")
      .split(" ");

  /**
   * The words of at most six letters: one token each for common tokenizers and exactly one for the
   * simulator's, so a count of them is a prompt length in tokens (trace replay relies on it).
   */
  private static final String[] ONE_TOKEN =
      java.util.Arrays.stream(VOCABULARY).filter(w -> w.length() <= 6).toArray(String[]::new);

  private Words() {}

  /**
   * Appends {@code count} one-token words drawn from {@code random}, each after a space (none
   * before the first word of an empty builder), so equal draws give equal tokens wherever they go.
   */
  static StringBuilder appendTokens(StringBuilder out, SplittableRandom random, int count) {
    for (int i = 0; i < count; i++) {
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append(ONE_TOKEN[random.nextInt(ONE_TOKEN.length)]);
    }
    return out;
  }

  /** Appends {@code count} words drawn from {@code random}, space separated, to {@code out}. */
  static StringBuilder append(StringBuilder out, SplittableRandom random, int count) {
    for (int i = 0; i < count; i++) {
      if (!out.isEmpty() && out.charAt(out.length() - 1) != ' ') {
        out.append(' ');
      }
      out.append(VOCABULARY[random.nextInt(VOCABULARY.length)]);
    }
    return out;
  }

  /** {@code count} words drawn from {@code random}. */
  static String of(SplittableRandom random, int count) {
    return append(new StringBuilder(count * 6), random, count).toString();
  }
}
