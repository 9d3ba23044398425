package net.imo2sproxy.gateway.emulator.model;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a Skype client could set in real Skype that imo.im has no place for: client settings
 * (silent mode, auto-away, window state, ...), own profile fields other than the mood and the
 * display names given to contacts
 * (docs/skype-api-emulation.md §4.15). Kept per session and in its saved state, so that they
 * survive a reconnect and a takeover.
 */
public final class ClientSettings {

  /** Client settings by name ({@code SILENT_MODE} to {@code ON}, ...), defaults left out. */
  private final Map<String, String> settings = new LinkedHashMap<>();
  /** Own profile fields set by a client ({@code FULLNAME}, {@code CITY}, ...). */
  private final Map<String, String> profile = new LinkedHashMap<>();
  /** Display names a client gave contacts ({@code SET USER <h> DISPLAYNAME}), by lower-case handle. */
  private final Map<String, String> displayNames = new LinkedHashMap<>();

  /** The setting {@code name}, or {@code fallback} when never set. */
  public String setting(String name, String fallback) {
    return settings.getOrDefault(name, fallback);
  }

  public void setSetting(String name, String value) {
    settings.put(name, value);
  }

  /** The own profile field {@code name} as a client set it, or null. */
  public String profile(String name) {
    return profile.get(name);
  }

  public void setProfile(String name, String value) {
    profile.put(name, value);
  }

  /** The display name a client gave {@code handle}, or null. */
  public String displayName(String handle) {
    return displayNames.get(handle.toLowerCase(Locale.ROOT));
  }

  /** Gives {@code handle} a display name; an empty one removes it. */
  public void setDisplayName(String handle, String name) {
    if (name.isEmpty()) {
      displayNames.remove(handle.toLowerCase(Locale.ROOT));
    } else {
      displayNames.put(handle.toLowerCase(Locale.ROOT), name);
    }
  }

  public boolean isEmpty() {
    return settings.isEmpty() && profile.isEmpty() && displayNames.isEmpty();
  }

  public JsonObject encode() {
    return new JsonObject().put("settings", new JsonObject(new LinkedHashMap<>(settings)))
        .put("profile", new JsonObject(new LinkedHashMap<>(profile)))
        .put("display", new JsonObject(new LinkedHashMap<>(displayNames)));
  }

  /** Takes saved settings over; absent ({@code null}) leaves everything as it is. */
  public void restore(JsonObject saved) {
    if (saved == null) {
      return;
    }
    JsonObject savedSettings = saved.getJsonObject("settings", new JsonObject());
    savedSettings.forEach(e -> settings.put(e.getKey(), String.valueOf(e.getValue())));
    JsonObject savedProfile = saved.getJsonObject("profile", new JsonObject());
    savedProfile.forEach(e -> profile.put(e.getKey(), String.valueOf(e.getValue())));
    JsonObject savedNames = saved.getJsonObject("display", new JsonObject());
    savedNames.forEach(e -> displayNames.put(e.getKey(), String.valueOf(e.getValue())));
  }
}
