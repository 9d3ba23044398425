package net.imo2sproxy.desktop.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Command ids as the agent rewrites them, without sockets. */
class CommandIdsTest {

  @Test
  void aClientsIdIsSplitOffAndRestoredOnTheReply() {
    CommandIds.Split split = CommandIds.split("#12 GET USER bob FULLNAME");
    assertThat(split.id()).isEqualTo("#12");
    assertThat(split.command()).isEqualTo("GET USER bob FULLNAME");
    assertThat(split.restore("USER bob FULLNAME Bob")).isEqualTo("#12 USER bob FULLNAME Bob");
  }

  @Test
  void aLineWithoutIdKeepsItsTextAndGetsItsReplyBare() {
    CommandIds.Split split = CommandIds.split("  MESSAGE bob  two  spaces ");
    assertThat(split.id()).isNull();
    assertThat(split.command()).isEqualTo("MESSAGE bob  two  spaces ");
    assertThat(split.restore("OK")).isEqualTo("OK");
  }

  @Test
  void anIdAloneHasNoCommand() {
    assertThat(CommandIds.split("#7").command()).isEmpty();
    assertThat(CommandIds.split("#7   ").command()).isEmpty();
    assertThat(CommandIds.split("").command()).isEmpty();
  }

  @Test
  void repliesAreRecognisedByTheExactId() {
    assertThat(CommandIds.replyTo("#d1", "#d1 PROTOCOL 7")).isEqualTo("PROTOCOL 7");
    assertThat(CommandIds.replyTo("#d1", "#d10 PROTOCOL 7")).isNull();
    assertThat(CommandIds.replyTo("#d1", "PROTOCOL 7")).isNull();
    assertThat(CommandIds.idOf("#d10 X")).isEqualTo("#d10");
    assertThat(CommandIds.idOf("CHATMESSAGE 5 STATUS SENT")).isNull();
    assertThat(CommandIds.keyword("name Skype4Py")).isEqualTo("NAME");
    assertThat(CommandIds.argument("NAME my app")).isEqualTo("my app");
  }
}
