package net.imo2sproxy.protocol.skypeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SkypeApiLineTest {

  @Test
  void splitsOnRunsOfSpacesAndSkipsLeadingSpaces() {
    SkypeApiLine line = SkypeApiLine.parse("  GET   USER bob  ONLINESTATUS ");
    assertThat(line.tokens()).containsExactly("GET", "USER", "bob", "ONLINESTATUS");
    assertThat(line.id()).isEmpty();
    assertThat(line.idOrNull()).isNull();
    assertThat(line.size()).isEqualTo(4);
  }

  @Test
  void tabsAreOrdinaryCharacters() {
    SkypeApiLine line = SkypeApiLine.parse("GET\tUSER bob");
    assertThat(line.tokens()).containsExactly("GET\tUSER", "bob");
  }

  @Test
  void firstHashTokenIsTheId() {
    SkypeApiLine line = SkypeApiLine.parse("#12 GET USER #bob ONLINESTATUS");
    assertThat(line.id()).contains("#12");
    assertThat(line.tokens()).containsExactly("GET", "USER", "#bob", "ONLINESTATUS");
    assertThat(line.command()).isEqualTo("GET USER #bob ONLINESTATUS");
  }

  @Test
  void idAfterLeadingSpaces() {
    SkypeApiLine line = SkypeApiLine.parse("   #G7   PING");
    assertThat(line.idOrNull()).isEqualTo("#G7");
    assertThat(line.tokens()).containsExactly("PING");
  }

  @Test
  void onlyAnIdIsAnEmptyCommand() {
    SkypeApiLine line = SkypeApiLine.parse("#5");
    assertThat(line.idOrNull()).isEqualTo("#5");
    assertThat(line.isEmpty()).isTrue();
    assertThat(line.command()).isEmpty();
    assertThat(SkypeApiLine.parse("#5   ").isEmpty()).isTrue();
    assertThat(SkypeApiLine.parse("").isEmpty()).isTrue();
    assertThat(SkypeApiLine.parse("    ").isEmpty()).isTrue();
    assertThat(SkypeApiLine.parse("").id()).isEmpty();
  }

  @Test
  void keywordsMatchIgnoringCase() {
    SkypeApiLine line = SkypeApiLine.parse("get chatmessage 5 body");
    assertThat(line.is(0, "GET")).isTrue();
    assertThat(line.is(1, "ChatMessage")).isTrue();
    assertThat(line.is(4, "BODY")).isFalse();
    assertThat(line.is(-1, "GET")).isFalse();
    assertThat(line.keyword(3)).isEqualTo("BODY");
    assertThat(line.keyword(9)).isEmpty();
    assertThat(line.token(1)).isEqualTo("chatmessage");
    assertThat(line.startsWith("GET", "CHATMESSAGE")).isTrue();
    assertThat(line.startsWith("GET", "MESSAGE")).isFalse();
    assertThat(line.startsWith("GET", "CHATMESSAGE", "5", "BODY", "X")).isFalse();
    assertThat(line.startsWith()).isTrue();
  }

  @Test
  void keywordUsesRootLocale() {
    // Turkish dotless i must not break "ping" -> "PING"
    java.util.Locale saved = java.util.Locale.getDefault();
    try {
      java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr"));
      assertThat(SkypeApiLine.parse("ping").keyword(0)).isEqualTo("PING");
    } finally {
      java.util.Locale.setDefault(saved);
    }
  }

  @Test
  void restOfLineIsVerbatimAfterTheSingleSpace() {
    SkypeApiLine line = SkypeApiLine.parse("MESSAGE bob  two  spaces\tand tab ");
    assertThat(line.restAfter(1)).isEqualTo(" two  spaces\tand tab ");
    assertThat(line.restAfter(0)).isEqualTo("bob  two  spaces\tand tab ");
  }

  @Test
  void restOfLineWithId() {
    SkypeApiLine line = SkypeApiLine.parse("#M3 CHATMESSAGE #bob/$alice;1 hi there\nline 2");
    assertThat(line.idOrNull()).isEqualTo("#M3");
    assertThat(line.restAfter(1)).isEqualTo("hi there\nline 2");
  }

  @Test
  void restOfLineEmptyCases() {
    assertThat(SkypeApiLine.parse("SET PROFILE MOOD_TEXT ").restAfter(2)).isEmpty();
    assertThat(SkypeApiLine.parse("SET PROFILE MOOD_TEXT").restAfter(2)).isEmpty();
    assertThat(SkypeApiLine.parse("SET PROFILE MOOD_TEXT  x").restAfter(2)).isEqualTo(" x");
    assertThatThrownBy(() -> SkypeApiLine.parse("SET PROFILE").restAfter(2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void hashInsideLaterTokensIsNotAnId() {
    SkypeApiLine line = SkypeApiLine.parse("GET #x");
    assertThat(line.id()).isEmpty();
    assertThat(line.tokens()).containsExactly("GET", "#x");
  }

  @Test
  void manyTokens() {
    String text = "A B C D E F G H I J K L M";
    SkypeApiLine line = SkypeApiLine.parse(text);
    assertThat(line.size()).isEqualTo(13);
    assertThat(line.restAfter(10)).isEqualTo("L M");
    assertThat(line.line()).isEqualTo(text);
  }

  @Test
  void formatterPrefixesReplyLines() {
    assertThat(SkypeApiFormatter.withId("#12", "USER bob ONLINESTATUS ONLINE"))
        .isEqualTo("#12 USER bob ONLINESTATUS ONLINE");
    assertThat(SkypeApiFormatter.withId(null, "PONG")).isEqualTo("PONG");
    assertThat(SkypeApiFormatter.withId("", "PONG")).isEqualTo("PONG");
    assertThat(SkypeApiFormatter.withId("#a", List.of("X", "Y"))).containsExactly("#a X", "#a Y");
    assertThat(SkypeApiLine.parse("#M3 MESSAGE bob hi").reply("ERROR 26 Invalid user handle"))
        .isEqualTo("#M3 ERROR 26 Invalid user handle");
    assertThat(SkypeApiLine.parse("PING").reply("PONG")).isEqualTo("PONG");
  }
}
