package org.hacp.cluster.events;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.Component;
import org.hacp.cluster.resourcemanager.ResourceManager;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway;
import org.hacp.fencing.FencingToken;
import org.hacp.fencing.FencingTokenException;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.TestRpcSystems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 13, item 5: a flood of calls carrying the current epoch under another session (what two
 * leaders of one epoch would send) is counted in full, but logged and recorded at a bounded rate,
 * and the endpoint goes on serving.
 */
class RejectionFloodTest {
    private static final int CALLS = 20_000;

    @TempDir
    Path dir;

    @Test
    void aFloodOfConflictingTokensIsCountedInFullButWrittenAtABoundedRate() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(ResourceManager.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        RpcService service = TestRpcSystems.inMemory(RpcConfig.defaults());
        Path file = dir.resolve("jm.events.jsonl");
        try (EventLog events = EventLog.open(file, "jm")) {
            ResourceManager rm = new ResourceManager(service, Duration.ofSeconds(10));
            events.recordRejections(rm, Component.RESOURCE_MANAGER);
            rm.start();
            FencingToken token = FencingToken.mint(7);
            rm.grant(token).get(10, TimeUnit.SECONDS);
            ResourceManagerGateway forged = service.connect(
                            rm.getAddress(), new FencingToken(UUID.randomUUID(), 7), ResourceManagerGateway.class)
                    .get(10, TimeUnit.SECONDS);
            List<CompletableFuture<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                calls.add(forged.heartbeatFromTaskExecutor("te-x", List.of()));
            }
            for (CompletableFuture<Boolean> call : calls) {
                assertThat(call)
                        .failsWithin(Duration.ofSeconds(30))
                        .withThrowableOfType(Exception.class)
                        .withRootCauseInstanceOf(FencingTokenException.class);
            }
            assertThat(rm.getFencingRejections().count(FencingTokenException.Reason.CONFLICTING))
                    .isEqualTo(CALLS);
            ResourceManagerGateway leader = service.connect(rm.getAddress(), token, ResourceManagerGateway.class)
                    .get(10, TimeUnit.SECONDS);
            assertThat(leader.status().get(10, TimeUnit.SECONDS).epoch()).isEqualTo(7);
        } finally {
            service.closeAsync().get(30, TimeUnit.SECONDS);
            logger.detachAppender(lines);
        }
        long errors =
                lines.list.stream().filter(e -> e.getLevel() == Level.ERROR).count();
        assertThat(errors).as("ERROR lines for %d conflicting calls", CALLS).isBetween(1L, 10L);
        List<String> recorded = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(recorded.size()).as("event lines for %d rejections", CALLS).isBetween(1, CALLS / 20);
        long accounted = 0;
        for (String line : recorded) {
            RecordedEvent event = ((EventLine.Readable) EventLine.read(line)).event();
            assertThat(event.type()).isEqualTo(EventType.FENCING_REJECTION);
            accounted += 1 + event.number(EventField.SUPPRESSED);
        }
        assertThat(accounted).isBetween((long) recorded.size(), (long) CALLS);
    }
}
