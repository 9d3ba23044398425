package net.imo2sproxy.gateway.cluster.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import net.imo2sproxy.gateway.GatewayOptions;
import org.junit.jupiter.api.Test;

/** The password rule with a skyped client's USERNAME (docs/skyped-listener.md). */
class SkypedLoginRuleTest {

  private final AccountResolver resolver = new AccountResolver(new GatewayOptions(new JsonObject()
      .put(GatewayOptions.IMO_URL, "http://127.0.0.1:1/")
      .put(GatewayOptions.USERNAME, "dflt").put(GatewayOptions.PASSWORD, "dflt-pw")
      .put(GatewayOptions.AUTH_PASSWORD, "proxy-pw")),
      Map.of("tok-bob", new AccountResolver.Account("bob", "bob-pw")));

  @Test
  void theServerPasswordWithAnyUsernameIsTheDefaultAccount() {
    assertThat(resolver.resolve("proxy-pw", "whoever"))
        .isEqualTo(new AccountResolver.Account("dflt", "dflt-pw"));
  }

  @Test
  void userColonPasswordInThePasswordWinsOverTheUsername() {
    assertThat(resolver.resolve("carol:c-pw", "whoever"))
        .isEqualTo(new AccountResolver.Account("carol", "c-pw"));
  }

  @Test
  void anOperatorTokenWinsOverTheUsername() {
    assertThat(resolver.resolve("tok-bob", "whoever"))
        .isEqualTo(new AccountResolver.Account("bob", "bob-pw"));
  }

  @Test
  void otherwiseUsernameAndPasswordAreTheImoAccountsOwn() {
    assertThat(resolver.resolve("alice-pw", "alice"))
        .isEqualTo(new AccountResolver.Account("alice", "alice-pw"));
  }

  @Test
  void withoutUsernameOrPasswordNothingChanges() {
    assertThat(resolver.resolve("alice-pw", null)).isNull();
    assertThat(resolver.resolve("alice-pw", "")).isNull();
    assertThat(resolver.resolve("", "alice")).isNull();
  }
}
