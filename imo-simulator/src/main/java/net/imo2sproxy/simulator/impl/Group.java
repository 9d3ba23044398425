package net.imo2sproxy.simulator.impl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A shared group chat; buid {@code <gid>;}, member buids {@code <gid>;<uid>;prpl-skype}
 * (docs/imo-protocol.md §11).
 */
final class Group {

  final String gid;
  final String name;
  String topic = "";
  /** member key -> inviter uid, in joining order. */
  final Map<String, String> members = new LinkedHashMap<>();

  Group(String gid, String name) {
    this.gid = gid;
    this.name = name;
  }

  String buid() {
    return gid + ";";
  }

  String memberBuid(String uid) {
    return gid + ";" + uid + ";" + Wire.PROTO;
  }
}
