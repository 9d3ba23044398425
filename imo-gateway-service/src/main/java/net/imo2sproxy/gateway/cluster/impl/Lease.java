package net.imo2sproxy.gateway.cluster.impl;

/** A session's ownership of its account in the directory, as far as this gateway knows it. */
final class Lease {

  /** Claimed in the directory; only then is the lease renewed, released and state written. */
  private boolean held;
  /** The upstream ssid last written to the directory (a take-over needs it to drain). */
  private String publishedSsid;

  boolean held() {
    return held;
  }

  void hold() {
    held = true;
  }

  /** True when {@code ssid} is new to the directory. */
  boolean ssidChanged(String ssid) {
    return held && ssid != null && !ssid.equals(publishedSsid);
  }

  void published(String ssid) {
    publishedSsid = ssid;
  }
}
