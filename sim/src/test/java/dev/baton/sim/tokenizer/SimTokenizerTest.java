package dev.baton.sim.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SimTokenizerTest {

  @Test
  void splitsIntoWordPiecesWithStableIds() {
    SimTokenizer.Encoding e = SimTokenizer.encode("Hello, world 2026!", true);
    assertThat(e.pieces()).containsExactly("<|begin_of_text|>", "Hello", ",", " world", " 202", "6", "!");
    assertThat(e.ids()[0]).isEqualTo(SimTokenizer.BEGIN_OF_TEXT);
    assertThat(SimTokenizer.encode("Hello, world 2026!", true).ids()).isEqualTo(e.ids());
    for (int i = 1; i < e.size(); i++) {
      assertThat(e.ids()[i]).isBetween(0, SimTokenizer.FIRST_SPECIAL - 1);
    }
  }

  @Test
  void longWordsAreCutIntoSixLetterPieces() {
    assertThat(SimTokenizer.encode(" internationalization", false).pieces())
        .containsExactly(" intern", "ationa", "lizati", "on");
  }

  @Test
  void chatTemplateUsesSpecialTokens() {
    String rendered = ChatTemplate.render(List.of(new ChatTemplate.Message("user", "Hi")));
    SimTokenizer.Encoding e = SimTokenizer.encode(rendered, false);
    assertThat(e.ids()[0]).isEqualTo(SimTokenizer.BEGIN_OF_TEXT);
    assertThat(e.ids()).contains(SimTokenizer.START_HEADER, SimTokenizer.END_HEADER, SimTokenizer.EOT);
    assertThat(rendered).endsWith("<|start_header_id|>assistant<|end_header_id|>\n\n");
  }

  @Test
  void generatedWordsRoundTrip() {
    for (int i = 0; i < Vocabulary.size(); i++) {
      int id = Vocabulary.idAt(i);
      String text = SimTokenizer.decode(id);
      assertThat(SimTokenizer.encode(text, false).ids()).containsExactly(id);
    }
  }
}
