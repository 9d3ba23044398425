package net.imo2sproxy.gateway.cluster.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.imo2sproxy.gateway.GatewayOptions;
import org.junit.jupiter.api.Test;

/** The accounts file, the password rule with operator tokens, and the login throttle. */
class LoginRulesTest {

  private static final String FILE = """
      {"tokens": {
        "tok-alice": {"username": "alice", "password-env": "ALICE_PW"},
        "tok-bob": {"username": "bob", "password": "bob-pw"}}}
      """;

  @Test
  void tokensMapToAccountsWithPasswordsFromTheEnvironment() {
    Map<String, AccountResolver.Account> tokens =
        AccountsFile.parse(FILE, name -> name.equals("ALICE_PW") ? "alice-pw" : null);
    assertThat(tokens).containsEntry("tok-alice", new AccountResolver.Account("alice", "alice-pw"))
        .containsEntry("tok-bob", new AccountResolver.Account("bob", "bob-pw"));
    assertThat(tokens.get("tok-alice").toString()).doesNotContain("alice-pw");
  }

  @Test
  void badFilesAreRefusedWithoutShowingPasswords() {
    assertThatThrownBy(() -> AccountsFile.parse(FILE, name -> null))
        .hasMessageContaining("ALICE_PW").hasMessageNotContaining("bob-pw");
    assertThatThrownBy(() -> AccountsFile.parse("{\"tokens\":{\"a:b\":{\"username\":\"x\","
        + "\"password\":\"secret\"}}}", name -> null))
        .hasMessageContaining("':'").hasMessageNotContaining("secret");
    assertThatThrownBy(() -> AccountsFile.parse("[]", name -> null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AccountsFile.parse("{\"tokens\":{\"t\":{\"password\":\"p\"}}}",
        name -> null)).hasMessageContaining("username");
  }

  @Test
  void passwordRuleChecksProxyPasswordThenUserPasswordThenTokens() {
    GatewayOptions options = new GatewayOptions(new JsonObject()
        .put(GatewayOptions.IMO_URL, "http://127.0.0.1:1/")
        .put(GatewayOptions.USERNAME, "dflt").put(GatewayOptions.PASSWORD, "dflt-pw")
        .put(GatewayOptions.AUTH_PASSWORD, "proxy-pw"));
    AccountResolver resolver = new AccountResolver(options,
        Map.of("tok-bob", new AccountResolver.Account("bob", "bob-pw")));
    assertThat(resolver.resolve("proxy-pw")).isEqualTo(new AccountResolver.Account("dflt", "dflt-pw"));
    assertThat(resolver.resolve("carol:c-pw"))
        .isEqualTo(new AccountResolver.Account("carol", "c-pw"));
    assertThat(resolver.resolve("tok-bob")).isEqualTo(new AccountResolver.Account("bob", "bob-pw"));
    assertThat(resolver.resolve("tok-bobX")).isNull();
    assertThat(resolver.resolve(null)).isNull();
  }

  @Test
  void throttleAllowsAttemptsPerWindowPerKey() {
    AtomicLong now = new AtomicLong(1_000);
    LoginThrottle throttle = new LoginThrottle(3, 60_000, now::get);
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.allowed("address:10.0.0.1")).isTrue();
      throttle.record("address:10.0.0.1");
    }
    assertThat(throttle.allowed("address:10.0.0.1")).isFalse();
    assertThat(throttle.allowed("address:10.0.0.2")).isTrue();
    now.addAndGet(59_999);
    assertThat(throttle.allowed("address:10.0.0.1")).isFalse();
    now.addAndGet(1);
    assertThat(throttle.allowed("address:10.0.0.1")).isTrue();
    throttle.sweep();
    assertThat(throttle.allowed("address:10.0.0.1")).isTrue();
  }

  @Test
  void sourceAddressIgnoresThePort() {
    assertThat(AttachHandler.host("10.1.2.3:5555")).isEqualTo("10.1.2.3");
    assertThat(AttachHandler.host("::1:5555")).isEqualTo("::1");
    assertThat(AttachHandler.host("unknown")).isEqualTo("unknown");
  }
}
