package net.imo2sproxy.endpoint.impl;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import net.imo2sproxy.endpoint.EndpointLimit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every hit is counted; a flood is logged once per limit and address until the reset. */
class LimitHitsTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(LimitHits.class);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  @BeforeEach
  void capture() {
    appender.start();
    logger.addAppender(appender);
    logger.setAdditive(false); // captured here, not printed by the build
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
    logger.setAdditive(true);
  }

  private long warnings() {
    return appender.list.stream().filter(e -> e.getLevel() == Level.WARN).count();
  }

  @Test
  void floodsAreCountedInFullAndLoggedOncePerLimitAndAddress() {
    LimitHits hits = new LimitHits();
    for (int i = 0; i < 100; i++) {
      hits.hit(EndpointLimit.HANDSHAKE_TIMEOUT, "192.0.2.1", "no first frame in time");
    }
    hits.hit(EndpointLimit.HANDSHAKE_TIMEOUT, "192.0.2.2", "no first frame in time");
    hits.hit(EndpointLimit.LOGIN_IDLE_TIMEOUT, "192.0.2.1", "no command in time");
    for (int i = 0; i < 5; i++) {
      hits.hit(EndpointLimit.WRITE_QUEUE_FULL, "192.0.2.1", "output held");
    }
    assertThat(hits.count(EndpointLimit.HANDSHAKE_TIMEOUT)).isEqualTo(101);
    assertThat(hits.count(EndpointLimit.LOGIN_IDLE_TIMEOUT)).isEqualTo(1);
    assertThat(hits.count(EndpointLimit.WRITE_QUEUE_FULL)).isEqualTo(5);
    assertThat(hits.count(EndpointLimit.MAX_HELD_OUTPUT)).isZero();
    assertThat(warnings()).isEqualTo(3); // write-queue-full is never a warning

    hits.resetLogged(); // a minute later
    hits.hit(EndpointLimit.HANDSHAKE_TIMEOUT, "192.0.2.1", "no first frame in time");
    assertThat(warnings()).isEqualTo(4);
    assertThat(appender.list.get(appender.list.size() - 1).getFormattedMessage())
        .contains("192.0.2.1", "handshake-timeout-seconds", "102 hits");
  }

  @Test
  void manyAddressesStopBeingLoggedPastTheCap() {
    LimitHits hits = new LimitHits();
    for (int i = 0; i < 3000; i++) {
      hits.hit(EndpointLimit.MAX_CONNECTIONS, "10.0." + (i / 256) + "." + (i % 256), "refused");
    }
    assertThat(hits.count(EndpointLimit.MAX_CONNECTIONS)).isEqualTo(3000);
    assertThat(warnings()).isEqualTo(1000 + 1); // and the line saying the rest is only counted
  }
}
