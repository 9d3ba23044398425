package net.imo2sproxy.protocol.skypeapi;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Property-based fuzzing of the Skype API line parser: any text parses, consistently. */
class SkypeApiLineFuzzTest {

  @Property(tries = 1000)
  void anyLineParsesIntoSpaceFreeTokensAndVerbatimRests(@ForAll("lines") String text) {
    SkypeApiLine line = SkypeApiLine.parse(text);
    assertThat(line.line()).isEqualTo(text);
    for (int k = 0; k < line.size(); k++) {
      String token = line.token(k);
      assertThat(token).isNotEmpty().doesNotContain(" ");
      assertThat(line.keyword(k)).isEqualTo(token.toUpperCase(java.util.Locale.ROOT));
      String rest = line.restAfter(k);
      assertThat(text).endsWith(rest);
      if (k + 1 < line.size()) {
        assertThat(rest).contains(line.token(k + 1));
      }
    }
    assertThat(line.isEmpty()).isEqualTo(line.size() == 0);
    line.id().ifPresent(id -> {
      assertThat(id).startsWith("#");
      assertThat(line.reply("PONG")).isEqualTo(id + " PONG");
    });
    if (line.id().isEmpty()) {
      assertThat(line.reply("PONG")).isEqualTo("PONG");
    }
  }

  /** Lines made of Skype-API-looking words, ids, runs of spaces, tabs and any characters. */
  @Provide
  Arbitrary<String> lines() {
    Arbitrary<String> word = Arbitraries.oneOf(
        Arbitraries.of("GET", "USER", "#1", "#id", "#", "MESSAGE", "chatmessage", "bob", ""),
        Arbitraries.strings().ofMaxLength(6),
        Arbitraries.strings().withChars(" \t#:;$\u00e9\u0000").ofMaxLength(4));
    return word.list().ofMaxSize(8).map(words -> String.join(" ", words));
  }
}
