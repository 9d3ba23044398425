package net.imo2sproxy.launcher;

import static net.imo2sproxy.launcher.OperatorTestSupport.await;
import static net.imo2sproxy.launcher.OperatorTestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.LoggerFactory;

/**
 * The status page of a single-process bridge ({@code --management-port}) with 2 sessions
 * (alice, bob) and 3 connections (alice twice, bob once): its JSON over HTTP, and the page
 * itself in a real headless Chromium driven by Selenium (Debian's chromium and
 * chromium-driver; skipped when they are not installed), with a screenshot in target/.
 */
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class StatusPageTest {

  private static final String CHROMIUM = System.getProperty("imo2sproxy.chromium",
      "/usr/bin/chromium");
  private static final String CHROMEDRIVER = System.getProperty("imo2sproxy.chromedriver",
      "/usr/bin/chromedriver");

  private static Vertx vertx;
  private static WebClient web;
  private static Imo2sproxyMain.Bridge bridge;
  private static final List<SkypeProxyTestClient> clients = new ArrayList<>();

  @BeforeAll
  static void startBridgeWithTwoSessionsAndThreeConnections() {
    vertx = Vertx.vertx();
    web = WebClient.create(vertx);
    bridge = OperatorTestSupport.startDemo(Map.of("IMO2SPROXY_REGION", "eu-test"));
    clients.add(online(null));
    clients.add(online(null)); // joins alice's session
    clients.add(online("bob:bob-pw"));
  }

  /** A connection whose session is online (a second connection is told only when it asks). */
  private static SkypeProxyTestClient online(String password) {
    SkypeProxyTestClient client = await(SkypeProxyTestClient.connect(vertx, bridge.port()));
    if (password != null) {
      assertThat(await(client.authenticate(password))).isEqualTo(1);
    }
    await(client.command(2));
    await(client.ask("PROTOCOL 7", "PROTOCOL"));
    await(client.send("GET CONNSTATUS"));
    await(client.await("CONNSTATUS ONLINE"));
    return client;
  }

  @AfterAll
  static void stop() {
    clients.forEach(client -> await(client.closeAsync()));
    OperatorTestSupport.stop(bridge);
    await(vertx.close());
  }

  @Test
  void statusJsonShowsTheNodeAndItsFigures() throws Exception {
    LoggerFactory.getLogger("net.imo2sproxy.launcher.StatusPageTest")
        .warn("synthetic problem for the status page");
    JsonObject status = eventually(() -> OperatorTestSupport.status(web, bridge.managementPort()),
        s -> !s.getJsonArray("recentErrors").isEmpty());
    JsonObject totals = status.getJsonObject("totals");
    assertThat(totals.getInteger("nodes")).isEqualTo(1);
    assertThat(totals.getInteger("sessions")).isEqualTo(2);
    assertThat(totals.getInteger("connections")).isEqualTo(3);
    JsonObject node = status.getJsonArray("nodes").getJsonObject(0);
    assertThat(node.getString("node")).isEqualTo(status.getString("self"));
    assertThat(node.getJsonArray("roles")).containsExactly("endpoint", "gateway", "launcher");
    assertThat(node.getString("region")).isEqualTo("eu-test");
    assertThat(node.getLong("logins")).isEqualTo(2);
    // Recent figures are counts over a stated window, never more than the totals since start.
    JsonObject recent = node.getJsonObject("recent");
    assertThat(recent.getInteger("windowSeconds")).isEqualTo(60);
    for (String figure : List.of("messagesIn", "messagesOut", "commands")) {
      assertThat(recent.getLong(figure)).as(figure).isBetween(0L, node.getLong(figure));
    }
    assertThat(totals.getJsonObject("recent")).isEqualTo(new JsonObject()
        .put("windowSeconds", 60).put("messagesIn", recent.getLong("messagesIn"))
        .put("messagesOut", recent.getLong("messagesOut")));
    JsonArray gateways = node.getJsonArray("gateways");
    assertThat(gateways).hasSize(1);
    assertThat(gateways.getJsonObject(0).getInteger("sessions")).isEqualTo(2);
    assertThat(node.getJsonArray("endpoints").getJsonObject(0).getInteger("connections"))
        .isEqualTo(3);
    assertThat(status.getJsonArray("recentErrors").stream().map(Object::toString))
        .anyMatch(p -> p.contains("synthetic problem for the status page"));
    assertThat(status.encode()).doesNotContain("bob-pw", "alice-pw");

    String page = OperatorTestSupport.get(web, bridge.managementPort(), "/status");
    assertThat(page).contains("<title>imo2sproxy status</title>", "status.json");
  }

  @Test
  void pageInAHeadlessBrowserShowsWhatTheTestCreated() throws Exception {
    Assumptions.assumeTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
        "chromium and chromedriver not installed (apt-get install chromium chromium-driver)");
    // A given driver path keeps Selenium Manager (which would go to the network) out.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM)
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--window-size=1400,1000");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    WebDriver driver = new ChromeDriver(service, options);
    try {
      driver.get("http://127.0.0.1:" + bridge.managementPort() + "/status");
      new WebDriverWait(driver, Duration.ofSeconds(40)).until(d ->
          text(d, "nodes-total").equals("1")
              && text(d, "sessions-total").equals("2")
              && text(d, "connections-total").equals("3"));
      String nodes = driver.findElement(By.cssSelector("#nodes tbody")).getText();
      assertThat(nodes).contains("endpoint, gateway, launcher", "eu-test");
      assertThat(driver.findElement(By.cssSelector("#nodes thead")).getText())
          .contains("Messages in, last 60 s", "Commands, last 60 s");
      assertThat(driver.findElements(By.cssSelector("#gateways tbody tr"))).hasSize(1);
      assertThat(driver.findElement(By.cssSelector("#endpoints tbody")).getText())
          .endsWith("3");

      Path shot = Path.of("target", "status-page.png");
      Files.createDirectories(shot.getParent());
      Files.write(shot, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      byte[] png = Files.readAllBytes(shot);
      assertThat(png.length).isGreaterThan(1000);
      assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII))
          .isEqualTo("PNG");
    } finally {
      driver.quit();
    }
  }

  private static String text(WebDriver driver, String id) {
    return driver.findElement(By.id(id)).getText().trim();
  }
}
