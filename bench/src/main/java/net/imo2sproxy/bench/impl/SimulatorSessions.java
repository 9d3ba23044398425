package net.imo2sproxy.bench.impl;

import io.vertx.core.json.JsonArray;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What the simulator's admin API says about its sessions. Blocking: main thread only. */
final class SimulatorSessions {

  private SimulatorSessions() {
  }

  /**
   * Sessions of accounts named {@code prefix...} holding a long poll at the simulator at
   * {@code simulatorUrl} (-1 if unknown).
   */
  static long polling(String simulatorUrl, String prefix) {
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
              URI.create(simulatorUrl + "admin/sessions"))
          .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
      JsonArray sessions = new JsonArray(response.body());
      long polling = 0;
      for (int i = 0; i < sessions.size(); i++) {
        var s = sessions.getJsonObject(i);
        // "account" is null for a session that has not logged in
        if (s.getValue("account") instanceof String account && account.startsWith(prefix)
            && Boolean.TRUE.equals(s.getValue("polling"))) {
          polling++;
        }
      }
      return polling;
    } catch (Exception e) {
      System.err.println("bench: cannot read the simulator's sessions: " + e);
      return -1;
    }
  }
}
