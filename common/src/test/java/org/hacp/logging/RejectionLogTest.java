package org.hacp.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RejectionLogTest {

    @Test
    void floodsBecomeOneLinePerReasonPerIntervalWithTheSuppressedCount() {
        Logger logger = (Logger) LoggerFactory.getLogger("rejection-log-test");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        RejectionLog log = new RejectionLog(logger, Duration.ofMillis(200));

        for (int i = 0; i < 10_000; i++) {
            log.warn("STALE", "stale " + i);
            log.warn("NOT_LEADER", "not leader " + i);
        }
        assertThat(lines.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("stale 0", "not leader 0");

        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    log.warn("STALE", "stale again");
                    return lines.list.size() == 3;
                });
        assertThat(lines.list.get(2).getFormattedMessage())
                .startsWith("stale again (")
                .contains("more like it suppressed");
        assertThat(lines.list.get(2).getLevel().toString()).isEqualTo("WARN");
    }
}
