package net.imo2sproxy.endpoint.impl;

import io.netty.handler.ssl.SslHandler;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bitlbee's Skype plugin reads one TLS record at a time into a 16 KiB buffer and splits what it
 * got on {@code \n}, without keeping a partial line for the next read. So every write of a
 * skyped connection (whole lines) must go out as its own record: Netty would otherwise pack
 * queued writes into records of up to 16 KiB, cutting a line between two reads.
 */
final class TlsRecords {

  private static final Logger LOG = LoggerFactory.getLogger(TlsRecords.class);

  private TlsRecords() {
  }

  /** Makes every write on {@code socket} its own TLS record(s); a no-op without TLS. */
  static void onePerWrite(NetSocket socket, String connectionId) {
    if (!(socket instanceof NetSocketInternal internal)) {
      return;
    }
    SslHandler ssl = internal.channelHandlerContext().pipeline().get(SslHandler.class);
    if (ssl == null) {
      LOG.warn("[{}] no TLS handler on a skyped connection; lines may be cut between records",
          connectionId);
      return;
    }
    ssl.setWrapDataSize(0); // 0: each write is wrapped on its own, never merged with the next
  }
}
