package net.imo2sproxy.gateway.emulator.translate;

import io.vertx.core.json.JsonObject;
import net.imo2sproxy.gateway.emulator.SavedState;
import net.imo2sproxy.gateway.emulator.SessionSettings;
import net.imo2sproxy.gateway.emulator.command.ApplicationCommands;
import net.imo2sproxy.gateway.emulator.connection.ConnectionFanOut;
import net.imo2sproxy.gateway.emulator.imolink.ImoLink;
import net.imo2sproxy.gateway.emulator.impl.ChatCreations;
import net.imo2sproxy.gateway.emulator.impl.OutgoingMessages;
import net.imo2sproxy.gateway.emulator.impl.RosterReadiness;
import net.imo2sproxy.gateway.emulator.lifecycle.LoginLifecycle;
import net.imo2sproxy.gateway.emulator.model.Call;
import net.imo2sproxy.gateway.emulator.model.Chat;
import net.imo2sproxy.gateway.emulator.model.ChatMessage;
import net.imo2sproxy.gateway.emulator.model.SessionModel;
import net.imo2sproxy.gateway.emulator.model.SkypeStatus;
import net.imo2sproxy.protocol.trace.DeliveryHop;
import net.imo2sproxy.runtime.metrics.BridgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server messages of the current upstream session as model changes and Skype API
 * notifications: {@code im} and {@code av} events, and {@code internal} acknowledgements.
 */
public final class EventTranslator {

  private static final Logger LOG = LoggerFactory.getLogger(EventTranslator.class);

  private final String sessionId;
  private final SessionSettings settings;
  private final SessionModel model;
  private final ConnectionFanOut fanOut;
  private final BridgeMetrics metrics;
  private final LoginLifecycle lifecycle;
  private final OutgoingMessages outgoing;
  private final RosterTranslator roster;

  private SavedState savedState = SavedState.NONE;

  public EventTranslator(String sessionId, SessionSettings settings, SessionModel model,
      ConnectionFanOut fanOut, BridgeMetrics metrics, LoginLifecycle lifecycle,
      OutgoingMessages outgoing, RosterReadiness rosterReadiness, ChatCreations chatCreations) {
    this.sessionId = sessionId;
    this.settings = settings;
    this.model = model;
    this.fanOut = fanOut;
    this.metrics = metrics;
    this.lifecycle = lifecycle;
    this.outgoing = outgoing;
    this.roster = new RosterTranslator(sessionId, model, fanOut, rosterReadiness,
        chatCreations);
  }

  /** One server message of the current upstream session. */
  public void onServerMessage(String fromSystem, JsonObject data) {
    switch (fromSystem) {
      case "im", "av" -> onEvent(data);
      case "internal" -> outgoing.onAcknowledgement(data);
      default -> LOG.debug("[{}] ignoring a message from system {}", sessionId, fromSystem);
    }
    // the upstream acknowledgement moved: persisted together with what the event changed
    model.changed(data.getValue("name") instanceof String name
        && (name.startsWith("buddy_") || "signed_on".equals(name)));
  }

  private void onEvent(JsonObject event) {
    if (!(event.getValue("name") instanceof String name)) {
      LOG.warn("[{}] skipping an event without name", sessionId);
      return;
    }
    if (event.getValue("proto") instanceof String proto
        && !ImoLink.PROTO.equalsIgnoreCase(proto)) {
      LOG.debug("[{}] ignoring a {} event of protocol {}", sessionId, name, proto);
      return;
    }
    switch (name) {
      case "signed_on" -> onSignedOn(event);
      case "recv_im" -> onReceivedMessage(event);
      case "buddy_added" -> roster.onBuddies(event, true);
      case "buddy_status" -> roster.onBuddies(event, false);
      case "buddy_removed" -> roster.onBuddiesRemoved(event);
      case "buddy_request" -> roster.onBuddyRequest(event);
      case "reflect" -> onReflect(event);
      case "streams_info" -> onStreamsInfo(event);
      case "ended" -> onCallEnded(event);
      case "im_typing", "typing" -> onTyping(event);
      case "buddy_icon" -> roster.onBuddyIcons(event);
      default -> LOG.debug("[{}] ignoring event {}", sessionId, name);
    }
    if (name.startsWith("buddy_") && !"buddy_icon".equals(name)) {
      groupChanges(name);
    }
  }

  /**
   * Roster groups new to the session become custom groups; group changes are told (§4.16),
   * from the first roster on (which only sets what clients are taken to know).
   */
  private void groupChanges(String event) {
    model.groups.adoptRosterGroups(model.contacts.values());
    if (model.groups.settled() || "buddy_added".equals(event)) {
      model.groups.announceChanges(model.contacts.values(), line -> fanOut.notifyAll(line));
    }
  }

  private void onSignedOn(JsonObject event) {
    if (event.getValue("uid") instanceof String uid && !uid.isEmpty()) {
      model.ownHandle = uid;
    }
    JsonObject edata = event.getValue("edata") instanceof JsonObject e ? e : new JsonObject();
    if (edata.getValue("alias") instanceof String alias) {
      model.ownAlias = alias;
    }
    lifecycle.signedOn();
  }

  /** A received message, also one recovered from a dead gateway's upstream session. */
  public void onReceivedMessage(JsonObject event) {
    JsonObject edata = event.getValue("edata") instanceof JsonObject e ? e : null;
    if (edata == null || !(edata.getValue("buid") instanceof String buid)
        || !(edata.getValue("msg") instanceof String text)) {
      LOG.warn("[{}] skipping a malformed recv_im", sessionId);
      return;
    }
    String author = edata.getValue("author") instanceof String a && !a.isEmpty() ? a : null;
    if (model.isOwnHandle(buid) || (author != null && model.isOwnHandle(Chat.userOf(author)))) {
      return; // our own message echoed back (docs/imo-protocol.md §10.5)
    }
    String chatName = Chat.chatNameOf(buid);
    String partner = chatName != null ? chatName : buid;
    String from = Chat.userOf(author != null ? author : buid);
    String alias = edata.getValue("alias") instanceof String s ? s : from;
    long timestamp = settings.localTimestamps() ? model.now()
        : edata.getValue("timestamp") instanceof Number n ? n.longValue() : model.now();
    ChatMessage message = model.storeNew(partner, from, alias, text, false, "SAID", timestamp,
        ChatMessage.Status.RECEIVED);
    if (DeliveryHop.enabled()) {
      DeliveryHop.record("stored", DeliveryHop.messageKey(text), sessionId + " " + message.id);
    }
    metrics.messageIn();
    LOG.debug("[{}] message {} from {} stored: {}", sessionId, message.id, from, text);
    // announced once a saved state holds it (see SavedState); at once on a single gateway
    message.unannounced = true;
    message.unannouncedSince = System.currentTimeMillis();
    model.changed();
    savedState.saved().onComplete(ar -> {
      message.unannounced = false;
      if (ar.failed()) {
        LOG.warn("[{}] message {} announced before it was saved: {}", sessionId, message.id,
            ar.cause().getMessage());
      }
      LOG.debug("[{}] message {} saved, announced", sessionId, message.id);
      model.changed();
      fanOut.notifyReceived(message.id);
    });
  }

  /** Where the session's state is saved (clustered); {@link SavedState#NONE} by default. */
  public void savedState(SavedState savedState) {
    this.savedState = savedState;
  }

  private void onStreamsInfo(JsonObject event) {
    String type = event.getValue("type") instanceof String t ? t : "";
    JsonObject edata = event.getValue("edata") instanceof JsonObject e ? e : null;
    if (!("call".equals(type) || "video".equals(type) || "av".equals(type)) || edata == null
        || !(edata.getValue("buid") instanceof String partner)) {
      LOG.debug("[{}] ignoring streams_info of type {}", sessionId, type);
      return;
    }
    boolean outgoingCall = Boolean.TRUE.equals(edata.getValue("is_initiator"));
    if (outgoingCall) {
      for (Call call : model.calls.values()) {
        if (!call.incoming && call.partner.equals(partner) && Call.ROUTING.equals(call.status)) {
          call.status = Call.RINGING;
          announce(call);
          return;
        }
      }
    }
    announce(model.addCall(new Call(partner, !outgoingCall, model.now(), Call.RINGING)));
  }

  private void onCallEnded(JsonObject event) {
    String type = event.getValue("type") instanceof String t ? t : "";
    JsonObject edata = event.getValue("edata") instanceof JsonObject e ? e : null;
    if (!("call".equals(type) || "video".equals(type)) || edata == null
        || !(edata.getValue("buid") instanceof String partner)) {
      return;
    }
    for (Call call : model.calls.values()) {
      if (call.partner.equals(partner) && call.isActive()) {
        call.status = call.endedStatus();
        announce(call);
      }
    }
  }

  /**
   * A contact's typing state. imo.im's event name for it is undocumented (the original had no
   * handler); {@code im_typing} with the method's own fields is assumed.
   */
  private void onTyping(JsonObject event) {
    JsonObject edata = event.getValue("edata") instanceof JsonObject e ? e : null;
    if (edata == null || !(edata.getValue("buid") instanceof String buid)) {
      return;
    }
    String word = switch (edata.getValue("typing_state") instanceof String s ? s : "") {
      case "typing" -> "PURPLE_TYPING";
      case "typed" -> "PURPLE_TYPED";
      case "not_typing" -> "PURPLE_NOT_TYPING";
      default -> null;
    };
    if (word != null) {
      fanOut.notifyAll(c -> c.typingApplication && c.protocol >= 5
          ? "APPLICATION " + ApplicationCommands.TYPING + " DATAGRAM " + buid + ":1 " + word
          : null);
    }
  }

  /** What the own account did elsewhere: a message sent, a status set. */
  private void onReflect(JsonObject event) {
    JsonObject edata = event.getValue("edata") instanceof JsonObject e ? e : new JsonObject();
    String type = event.getValue("type") instanceof String t ? t : "";
    String action = edata.getValue("r_name") instanceof String r ? r : "";
    if ("conv".equals(type) && "send_im".equals(action)
        && edata.getValue("buid") instanceof String buid
        && edata.getValue("msg") instanceof String text) {
      long timestamp = edata.getValue("timestamp") instanceof Number n ? n.longValue()
          : model.now();
      announce(model.storeNew(buid, model.ownHandle, model.ownAlias, text, true, "SAID",
          timestamp, ChatMessage.Status.SENT));
    } else if ("account".equals(type) && "set_status".equals(action)) {
      String status = SkypeStatus.ownStatus(
          edata.getValue("primitive") instanceof String p ? p : null);
      if (status != null) {
        model.ownStatus = status;
        fanOut.notifyUserStatus(status);
      }
      model.ownMood = edata.getValue("status") instanceof String mood ? mood : "";
      ImoLink link = lifecycle.link();
      if ("AWAY".equals(status) && link != null) {
        link.keepAliveNow();
      }
    } else {
      LOG.debug("[{}] ignoring reflect {}/{}", sessionId, type, action);
    }
  }

  private void announce(ChatMessage message) {
    model.changed();
    fanOut.notifyAll(c -> c.messageKeyword() + " " + message.id + " STATUS " + message.status);
  }

  private void announce(Call call) {
    fanOut.notifyAll(c -> "CALL " + call.id + " STATUS " + c.callStatus(call.status));
  }
}
