package net.imo2sproxy.protocol.skypeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact-size parse: ids, spaces and the token list's immutability. */
class SkypeApiLineTokensTest {

  @Test
  void leadingSpacesAndRunsOfSpacesAroundAnIdAndTokens() {
    SkypeApiLine line = SkypeApiLine.parse("   #7   GET  USER echo123 ");
    assertThat(line.idOrNull()).isEqualTo("#7");
    assertThat(line.tokens()).containsExactly("GET", "USER", "echo123");
    assertThat(line.restAfter(1)).isEqualTo("echo123 ");
  }

  @Test
  void onlyTheFirstTokenCanBeTheIdAndALoneIdIsEmpty() {
    assertThat(SkypeApiLine.parse("PING #7").tokens()).containsExactly("PING", "#7");
    assertThat(SkypeApiLine.parse("  #7  ").isEmpty()).isTrue();
    assertThat(SkypeApiLine.parse("  #7  ").idOrNull()).isEqualTo("#7");
    assertThat(SkypeApiLine.parse("#1 #2").tokens()).containsExactly("#2");
    assertThat(SkypeApiLine.parse("").tokens()).isEmpty();
    assertThat(SkypeApiLine.parse("     ").tokens()).isEmpty();
  }

  @Test
  void tokensCannotBeChanged() {
    List<String> tokens = SkypeApiLine.parse("GET USER x").tokens();
    assertThatThrownBy(() -> tokens.set(0, "SET"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(tokens).isEqualTo(List.of("GET", "USER", "x"));
  }
}
