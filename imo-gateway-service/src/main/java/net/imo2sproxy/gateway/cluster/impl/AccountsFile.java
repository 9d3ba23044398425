package net.imo2sproxy.gateway.cluster.impl;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The operator's accounts file: SkypeProxy tokens mapped to imo.im accounts.
 *
 * <pre>{@code
 * {"tokens": {
 *    "7f3a9c...": {"username": "alice", "password": "alice-pw"},
 *    "c41e0b...": {"username": "bob", "password-env": "BOB_IMO_PASSWORD"}}}
 * }</pre>
 *
 * <p>A token must not contain ':' (that form is {@code user:password}). The imo.im password is
 * given inline or, better, named by an environment variable ({@code password-env}).
 */
public final class AccountsFile {

  private AccountsFile() {
  }

  /**
   * Parses the file's text.
   *
   * @param env the environment (System::getenv in production)
   * @throws IllegalArgumentException with a message naming the bad entry, never a password
   */
  public static Map<String, AccountResolver.Account> parse(String text,
      Function<String, String> env) {
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("accounts file is not a JSON object");
    }
    if (!(json.getValue("tokens") instanceof JsonObject tokens)) {
      throw new IllegalArgumentException("accounts file has no \"tokens\" object");
    }
    Map<String, AccountResolver.Account> result = new HashMap<>();
    int index = 0;
    for (Map.Entry<String, Object> entry : tokens) {
      index++;
      String token = entry.getKey();
      String where = "accounts file entry " + index;
      if (token.isEmpty() || token.indexOf(':') >= 0) {
        throw new IllegalArgumentException(where + ": a token must be non-empty and without ':'");
      }
      if (!(entry.getValue() instanceof JsonObject account)
          || !(account.getValue("username") instanceof String username) || username.isBlank()) {
        throw new IllegalArgumentException(where + ": needs a \"username\"");
      }
      String password;
      if (account.getValue("password-env") instanceof String variable) {
        password = env.apply(variable);
        if (password == null || password.isEmpty()) {
          throw new IllegalArgumentException(where + " (" + username + "): environment variable "
              + variable + " is not set");
        }
      } else if (account.getValue("password") instanceof String inline && !inline.isEmpty()) {
        password = inline;
      } else {
        throw new IllegalArgumentException(where + " (" + username
            + "): needs \"password\" or \"password-env\"");
      }
      result.put(token, new AccountResolver.Account(username, password));
    }
    return result;
  }
}
