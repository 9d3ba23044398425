package net.imo2sproxy.gateway.cluster.impl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import net.imo2sproxy.gateway.GatewayOptions;

/**
 * The password rule (docs/skypeproxy-wire.md §5.2): which imo.im account a
 * connection's SkypeProxy password (or its absence) stands for.
 */
public final class AccountResolver {

  /** An imo.im account: username and password. The password never appears in toString. */
  public record Account(String username, String password) {
    @Override
    public String toString() {
      return "Account[" + username + "]";
    }
  }

  private final GatewayOptions options;
  private final Map<String, Account> tokens;

  public AccountResolver(GatewayOptions options) {
    this(options, Map.of());
  }

  /** With the operator tokens of an accounts file ({@link AccountsFile}). */
  public AccountResolver(GatewayOptions options, Map<String, Account> tokens) {
    this.options = options;
    this.tokens = Map.copyOf(tokens);
  }

  /** True when a connection that never authenticates is accepted. */
  public boolean passwordless() {
    return options.passwordless();
  }

  /**
   * The account for a credential, or null when it is refused.
   *
   * @param credential the password frame's text, or null for a connection that never
   *     authenticated
   */
  public Account resolve(String credential) {
    if (credential == null) {
      return options.passwordless() ? defaultAccount() : null;
    }
    String authPassword = options.authPassword();
    if (authPassword != null && constantTimeEquals(credential, authPassword)) {
      return defaultAccount();
    }
    int colon = credential.indexOf(':');
    if (colon > 0 && colon < credential.length() - 1) {
      return new Account(credential.substring(0, colon), credential.substring(colon + 1));
    }
    // Operator tokens: compared in constant time so that timing reveals no prefix.
    Account found = null;
    for (Map.Entry<String, Account> token : tokens.entrySet()) {
      if (constantTimeEquals(credential, token.getKey())) {
        found = token.getValue();
      }
    }
    return found;
  }

  /**
   * {@link #resolve(String)}, then, for a skyped client (docs/skyped-listener.md) whose
   * password names no account, its USERNAME and password as the imo.im account's own.
   *
   * @param username the skyped client's USERNAME, or null (SkypeProxy clients)
   */
  public Account resolve(String credential, String username) {
    Account account = resolve(credential);
    if (account == null && credential != null && !credential.isEmpty()
        && username != null && !username.isEmpty()) {
      return new Account(username, credential);
    }
    return account;
  }

  /**
   * True when {@link #resolve(String, String)} takes the account from what the client gave
   * as the imo.im account's own credentials ({@code user:password}, or a skyped USERNAME and
   * password), not from the proxy password or an operator token: only imo.im can tell whether
   * that password is right, so a new session of it waits for its login before the attach is
   * answered (docs/skyped-listener.md §4).
   */
  public boolean ownCredentials(String credential, String username) {
    if (credential == null || credential.isEmpty()) {
      return false;
    }
    String authPassword = options.authPassword();
    if (authPassword != null && constantTimeEquals(credential, authPassword)) {
      return false;
    }
    int colon = credential.indexOf(':');
    if (colon > 0 && colon < credential.length() - 1) {
      return true;
    }
    boolean token = false;
    for (String key : tokens.keySet()) {
      token |= constantTimeEquals(credential, key);
    }
    return !token && username != null && !username.isEmpty();
  }

  private Account defaultAccount() {
    return options.username() == null ? null
        : new Account(options.username(), options.password());
  }

  static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8));
  }
}
