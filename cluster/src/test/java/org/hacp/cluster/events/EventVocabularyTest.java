package org.hacp.cluster.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hacp.cluster.Component;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every event type written through {@link EventLog} is read back by {@link EventLine} as the same event. */
class EventVocabularyTest {
    @TempDir
    Path dir;

    private static Object sample(EventField field, int i) {
        return switch (field.value()) {
            case TEXT -> field.jsonName() + "-" + i;
            case NUMBER -> 1000L + i;
            case COMPONENT -> Component.values()[i % Component.values().length];
        };
    }

    @Test
    void everyTypeWrittenIsReadBackWithItsFieldsKindAndFunction() throws IOException {
        Path file = dir.resolve("p.events.jsonl");
        List<Object[]> written = new ArrayList<>();
        try (EventLog log = EventLog.open(file, "p")) {
            for (EventType type : EventType.values()) {
                if (type.isHarness()) {
                    log.recordStep(type, "step-" + type.ordinal(), "ok", Map.of("detail", 7, "flag", true));
                    written.add(new Object[0]);
                    continue;
                }
                Object[] values = new Object[type.fields().size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = sample(type.fields().get(i), type.ordinal() + i);
                }
                log.record(type, values);
                written.add(values);
            }
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(EventType.values().length);
        for (EventType type : EventType.values()) {
            EventLine.Read read = EventLine.read(lines.get(type.ordinal()));
            assertThat(read).as(type.wireName()).isInstanceOf(EventLine.Readable.class);
            RecordedEvent event = ((EventLine.Readable) read).event();
            assertThat(event.type()).isEqualTo(type);
            assertThat(event.process()).isEqualTo("p");
            if (type.isHarness()) {
                assertThat(event.function()).isEqualTo("step-" + type.ordinal());
                assertThat(event.kind()).isEqualTo(HistoryKind.OK);
                assertThat(event.text("flag")).isEqualTo("true");
                continue;
            }
            assertThat(event.kind()).isEqualTo(type.kind());
            assertThat(event.function()).isEqualTo(type.function());
            Object[] values = written.get(type.ordinal());
            for (int i = 0; i < values.length; i++) {
                EventField field = type.fields().get(i);
                Object read1 = field.value() == EventField.Value.NUMBER
                        ? (Object) event.number(field)
                        : field.value() == EventField.Value.COMPONENT ? event.component() : event.text(field);
                assertThat(read1).as(type.wireName() + "." + field.jsonName()).isEqualTo(values[i]);
            }
        }
    }

    @Test
    void aWriterThatGivesTheWrongFieldsFailsNamingThem() {
        EventLog log = EventLog.none();
        assertThatThrownBy(() -> log.record(EventType.GRANT, Component.DISPATCHER, 3L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'grant' takes [COMPONENT, EPOCH, SESSION], given 2 values");
        assertThatThrownBy(() -> log.record(EventType.GRANT, "dispatcher", 3L, "s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'component' takes a COMPONENT");
        assertThatThrownBy(() -> log.record(EventType.NEMESIS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("harness event");
        assertThatThrownBy(() -> log.recordStep(EventType.GRANT, "f", "ok", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a harness event");
    }

    @Test
    void linesThatDoNotFitAreUnreadableWithTheReason() {
        assertThat(EventLine.read("{\"type\":\"gra"))
                .isEqualTo(new EventLine.Unreadable(EventLine.Problem.NOT_JSON, "not a JSON object: {\"type\":\"gra"));
        assertThat(EventLine.read(
                        "{\"type\":\"granted\",\"monoNanos\":1,\"process\":\"p\",\"pid\":1,\"wallTime\":\"x\"}"))
                .isEqualTo(new EventLine.Unreadable(EventLine.Problem.UNKNOWN_TYPE, "unknown event type 'granted'"));
        assertThat(EventLine.read("{\"type\":\"revoke\",\"monoNanos\":1,\"process\":\"p\",\"pid\":1,"
                        + "\"component\":\"nobody\",\"epoch\":1}"))
                .isEqualTo(new EventLine.Unreadable(
                        EventLine.Problem.BAD_FIELD, "revoke: field 'component' is not a COMPONENT"));
        assertThat(EventLine.read("{\"type\":\"revoke\",\"monoNanos\":1,\"process\":\"p\",\"pid\":1,"
                        + "\"component\":\"dispatcher\",\"epoch\":1,\"epoch\":2}"))
                .isInstanceOf(EventLine.Unreadable.class);
        assertThat(EventLine.read("{\"type\":\"revoke\",\"process\":\"p\",\"pid\":1}"))
                .isEqualTo(new EventLine.Unreadable(
                        EventLine.Problem.BAD_FIELD, "revoke: envelope (monoNanos, process, pid) incomplete"));
    }
}
