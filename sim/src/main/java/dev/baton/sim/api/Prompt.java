package dev.baton.sim.api;

import dev.baton.sim.tokenizer.SimTokenizer;

/**
 * One prompt of a request, tokenized.
 *
 * @param ids token ids
 * @param text the prompt as text (the client's string, or the decoded ids)
 * @param pieces the text of each token, index for index with {@code ids}
 */
record Prompt(int[] ids, String text, java.util.List<String> pieces) {

  static Prompt ofText(String text, boolean addBos) {
    SimTokenizer.Encoding e = SimTokenizer.encode(text, addBos);
    return new Prompt(e.ids(), text, e.pieces());
  }

  static Prompt ofIds(int[] ids) {
    java.util.List<String> pieces = new java.util.ArrayList<>(ids.length);
    for (int id : ids) {
      pieces.add(SimTokenizer.decode(id));
    }
    return new Prompt(ids, String.join("", pieces), pieces);
  }
}
