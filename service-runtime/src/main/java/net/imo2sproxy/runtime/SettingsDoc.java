package net.imo2sproxy.runtime;

import io.vertx.core.json.JsonArray;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders settings tables as Markdown and keeps the generated tables of a document (README)
 * in step with them. A generated table sits between two marker lines:
 *
 * <pre>
 * &lt;!-- settings:gateway --&gt;
 * | Key | Environment | Default | Range | Meaning |
 * ...
 * &lt;!-- /settings:gateway --&gt;
 * </pre>
 *
 * Meanings may use Markdown backticks; {@code --help} shows them without.
 */
public final class SettingsDoc {

  private static final Pattern SECTION = Pattern.compile(
      "(<!-- settings:([a-z0-9-]+)[^>]*-->\\n)(.*?)(<!-- /settings:\\2 -->)", Pattern.DOTALL);

  private SettingsDoc() {
  }

  /** The Markdown table of {@code settings}: key, environment variable, default, range, meaning. */
  public static String markdown(List<Setting> settings) {
    StringBuilder sb = new StringBuilder();
    sb.append("| Key | Environment | Default | Range | Meaning |\n");
    sb.append("|---|---|---|---|---|\n");
    for (Setting s : settings) {
      sb.append("| `").append(s.key()).append("` | `").append(s.env()).append('`')
          .append(s.isSecret() ? " (`" + Setting.FILE_SUFFIX + "`)" : "")
          .append(" | ").append(documentedDefault(s))
          .append(" | ").append(s.rangeText())
          .append(" | ").append(s.description().replace("|", "\\|"))
          .append(" |\n");
    }
    return sb.toString();
  }

  /**
   * The default as documented: {@link Setting#documentedDefault()} when set, "—" when there is
   * none (or an empty list), else the value; a secret's default is never shown.
   */
  public static String documentedDefault(Setting s) {
    if (s.documentedDefault() != null) {
      return s.documentedDefault();
    }
    Object def = s.defaultValue();
    if (def == null || s.isSecret() || def instanceof JsonArray a && a.isEmpty()) {
      return "—";
    }
    return def instanceof JsonArray a ? String.join(",", a.stream().map(String::valueOf).toList())
        : def.toString();
  }

  /** A meaning as plain text (for {@code --help}): Markdown backticks dropped. */
  public static String plain(String meaning) {
    return meaning.replace("`", "");
  }

  /**
   * {@code document} with the content of every marked section replaced by the Markdown table
   * of the settings under its name.
   *
   * @throws IllegalArgumentException for a section whose name {@code tables} does not have, or
   *     a table the document has no section for
   */
  public static String regenerate(String document, Map<String, List<Setting>> tables) {
    Matcher m = SECTION.matcher(document);
    StringBuilder out = new StringBuilder();
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (m.find()) {
      String name = m.group(2);
      List<Setting> settings = tables.get(name);
      if (settings == null) {
        throw new IllegalArgumentException("No settings table named '" + name + "'");
      }
      seen.add(name);
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + markdown(settings)
          + m.group(4)));
    }
    m.appendTail(out);
    for (String name : tables.keySet()) {
      if (!seen.contains(name)) {
        throw new IllegalArgumentException("The document has no section <!-- settings:" + name
            + " -->");
      }
    }
    return out.toString();
  }
}
