package net.imo2sproxy.gateway.emulator.command;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import net.imo2sproxy.runtime.metrics.BridgeMetrics;

/**
 * The Skype API commands the emulator understands, in one table. A command is looked up by its
 * first two keywords ({@code GET USER}), then by its first ({@code PING}).
 */
public final class CommandTable {

  /** Commands answered without an imo.im login. */
  private static final Set<String> WITHOUT_LOGIN = Set.of(
      "PING", "NAME", "PROTOCOL", "OPEN", "CREATE", "DELETE",
      "GET CURRENTUSERHANDLE", "GET USERSTATUS", "GET CONNSTATUS", "GET SKYPEVERSION",
      "GET PRIVILEGE", "SET USERSTATUS", "SET CONNSTATUS",
      // client settings, windows and the own profile are kept here (§4.15)
      "MINIMIZE", "FOCUS", "RESETIDLETIMER", "GET PROFILE");

  /**
   * Every session's table: the handlers are stateless (the session comes in the context), so
   * one map serves them all; built per session it cost each 4.2 KiB (78 entries, their keys).
   */
  private static final Map<String, CommandHandler> HANDLERS = handlers();

  private final BridgeMetrics metrics;

  public CommandTable(BridgeMetrics metrics) {
    this.metrics = metrics;
  }

  private static Map<String, CommandHandler> handlers() {
    Map<String, CommandHandler> handlers = new HashMap<>();
    handlers.put("PING", SessionCommands::ping);
    handlers.put("NAME", SessionCommands::name);
    handlers.put("PROTOCOL", SessionCommands::protocol);
    handlers.put("GET CURRENTUSERHANDLE", SessionCommands::getCurrentUserHandle);
    handlers.put("GET USERSTATUS", SessionCommands::getUserStatus);
    handlers.put("GET CONNSTATUS", SessionCommands::getConnStatus);
    handlers.put("GET SKYPEVERSION", SessionCommands::getSkypeVersion);
    handlers.put("GET PRIVILEGE", SessionCommands::getPrivilege);
    handlers.put("SET USERSTATUS", SessionCommands::setUserStatus);
    handlers.put("SET CONNSTATUS", SessionCommands::setConnStatus);
    handlers.put("SET PROFILE", ProfileCommands::setProfile);
    handlers.put("GET PROFILE", ProfileCommands::getProfile);
    handlers.put("GET AUTH_CONTACTS_PROFILES", ProfileCommands::getAuthContactsProfiles);
    for (String setting : ClientSettingCommands.objects()) {
      handlers.put("GET " + setting, ClientSettingCommands::get);
      handlers.put("SET " + setting, ClientSettingCommands::set);
    }
    handlers.put("RESETIDLETIMER", ClientSettingCommands::resetIdleTimer);
    handlers.put("MINIMIZE", WindowCommands::minimize);
    handlers.put("FOCUS", WindowCommands::focus);
    handlers.put("OPEN", WindowCommands::open);

    handlers.put("GET USER", UserCommands::getUser);
    handlers.put("SEARCH FRIENDS", UserCommands::searchFriends);
    handlers.put("SEARCH USERSWAITINGMYAUTHORIZATION", UserCommands::searchWaitingAuthorization);
    handlers.put("SEARCH USERS", UserCommands::searchUsers);
    handlers.put("SET USER", UserCommands::setUser);

    handlers.put("MESSAGE", MessageCommands::send);
    handlers.put("CHATMESSAGE", MessageCommands::send);
    handlers.put("GET MESSAGE", MessageCommands::getMessage);
    handlers.put("GET CHATMESSAGE", MessageCommands::getMessage);
    handlers.put("SET MESSAGE", MessageCommands::setMessage);
    handlers.put("SET CHATMESSAGE", MessageCommands::setMessage);
    handlers.put("GET CHAT", ChatCommands::getChat);
    handlers.put("GET CHATMEMBER", ChatMemberCommands::getChatMember);
    handlers.put("CHAT", ChatCommands::chat);
    handlers.put("ALTER CHAT", ChatCommands::alterChat);
    handlers.put("SEARCH RECENTCHATS", ChatCommands::searchChats);
    handlers.put("SEARCH CHATS", ChatCommands::searchChats);
    handlers.put("SEARCH ACTIVECHATS", ChatSearchCommands::searchActiveChats);
    handlers.put("SEARCH MISSEDCHATS", ChatSearchCommands::searchMissedChats);
    handlers.put("SEARCH BOOKMARKEDCHATS", ChatSearchCommands::searchBookmarkedChats);

    handlers.put("CALL", CallCommands::call);
    handlers.put("GET CALL", CallCommands::getCall);
    handlers.put("SET CALL", CallCommands::setCall);
    handlers.put("SEARCH ACTIVECALLS", CallCommands::searchActiveCalls);
    handlers.put("ALTER CALL", CallCommands::alterCall);
    handlers.put("SEARCH MISSEDCALLS", CallCommands::searchMissedCalls);
    handlers.put("SEARCH CALLS", CallCommands::searchCalls);
    handlers.put("SEARCH FILETRANSFERS", FileTransferCommands::search);
    handlers.put("SEARCH ACTIVEFILETRANSFERS", FileTransferCommands::search);
    handlers.put("GET FILETRANSFER", FileTransferCommands::get);

    handlers.put("SEARCH GROUPS", GroupCommands::searchGroups);
    handlers.put("GET GROUP", GroupCommands::getGroup);
    handlers.put("SET GROUP", GroupCommands::setGroup);
    handlers.put("CREATE GROUP", GroupCommands::create);
    handlers.put("DELETE GROUP", GroupCommands::delete);
    handlers.put("ALTER GROUP", GroupCommands::alter);

    handlers.put("CREATE", ApplicationCommands::create);
    handlers.put("DELETE", ApplicationCommands::delete);
    handlers.put("ALTER", ApplicationCommands::alter);
    handlers.put("SEARCH MISSEDMESSAGES", MessageCommands::searchMissedMessages);
    handlers.put("SEARCH MISSEDCHATMESSAGES", MessageCommands::searchMissedChatMessages);
    return Map.copyOf(handlers);
  }

  public Future<Void> dispatch(CommandContext ctx) {
    String verb = ctx.keyword(0);
    String pair = verb + " " + ctx.keyword(1);
    String key = HANDLERS.containsKey(pair) ? pair : verb;
    CommandHandler handler = HANDLERS.get(key);
    // The tag is a key of this table or "other": bounded, whatever clients send.
    metrics.command(handler == null ? BridgeMetrics.OTHER : key);
    if (handler == null) {
      return unknown(ctx, verb);
    }
    if (!ctx.session.online() && !WITHOUT_LOGIN.contains(key)
        && !clientSetting(key)) {
      return ctx.error(9902, "Not logged in");
    }
    return handler.handle(ctx);
  }

  /** GET or SET of a client setting: kept here, so answered without a login too. */
  private static boolean clientSetting(String key) {
    return (key.startsWith("GET ") || key.startsWith("SET "))
        && ClientSettingCommands.objects().contains(key.substring(4));
  }

  /** The errors the original gave for incomplete or unknown commands of each verb. */
  private static Future<Void> unknown(CommandContext ctx, String verb) {
    return switch (verb) {
      case "GET", "SET" -> ctx.error(7, "Invalid property");
      case "ALTER" -> ctx.error(527, "ALTER: unknown object type given");
      case "SEARCH" -> ctx.error(2, "Invalid command");
      default -> ctx.error(2, "Unknown command");
    };
  }
}
