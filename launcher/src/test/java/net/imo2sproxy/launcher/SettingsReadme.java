package net.imo2sproxy.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.imo2sproxy.desktop.DesktopAgentSettings;
import net.imo2sproxy.endpoint.EndpointSettings;
import net.imo2sproxy.gateway.GatewayOptions;
import net.imo2sproxy.runtime.ClusterOptions;
import net.imo2sproxy.runtime.Setting;
import net.imo2sproxy.runtime.SettingsDoc;
import net.imo2sproxy.runtime.management.ManagementOptions;

/**
 * Writes README.md's settings tables from the settings tables ({@code <!-- settings:NAME -->}
 * sections). {@code SettingsReadmeTest} fails while the README differs; to bring it up to date
 * after changing a table, run from the repository root:
 *
 * <pre>
 * mvn -B -ntp -o -q -pl launcher -am verify -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest=SettingsReadmeTest -Dimo2sproxy.write-readme=true
 * </pre>
 *
 * (or run this class's {@code main} with the README's path).
 */
public final class SettingsReadme {

  /** The README's sections and the tables they show. */
  public static final Map<String, List<Setting>> TABLES = tables();

  private SettingsReadme() {
  }

  private static Map<String, List<Setting>> tables() {
    Map<String, List<Setting>> tables = new LinkedHashMap<>();
    tables.put("gateway", GatewayOptions.TABLE.settings());
    tables.put("endpoint", EndpointSettings.TABLE.settings());
    tables.put("management", ManagementOptions.documented());
    tables.put("cluster", ClusterOptions.TABLE.settings());
    tables.put("desktop", DesktopAgentSettings.DESKTOP.settings());
    tables.put("desktop-remote", DesktopAgentSettings.REMOTE.settings());
    return tables;
  }

  /** The README text with every settings section regenerated. */
  public static String regenerate(String readme) {
    return SettingsDoc.regenerate(readme, TABLES);
  }

  /** Rewrites the README at {@code args[0]} (default {@code README.md}) in place. */
  public static void main(String[] args) throws IOException {
    Path readme = Path.of(args.length > 0 ? args[0] : "README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    Files.writeString(readme, regenerate(text), StandardCharsets.UTF_8);
  }
}
