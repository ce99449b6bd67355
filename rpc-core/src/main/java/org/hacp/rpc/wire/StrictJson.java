package org.hacp.rpc.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The JSON mapper of the wire: a value is read as exactly the declared type or refused. Issue 13
 * found lenient decoding: trailing bytes accepted, {@code 1.9} read as {@code 1} and {@code "1"}
 * as {@code 1}, a Duration of {@code 1e1000000000} read as zero, duplicate keys accepted, and a
 * 500-level payload overflowing a thread stack. Here: no coercion between scalar shapes, no float
 * as an integer, duplicate keys refused, nesting at most {@value #MAX_NESTING} deep, strings at
 * most {@value #MAX_STRING} characters, numbers at most {@value #MAX_NUMBER} digits, and Durations
 * only as seconds that fit (what the writer produces).
 */
final class StrictJson {
    static final int MAX_NESTING = 64;
    static final int MAX_STRING = 4 * 1024 * 1024;
    static final int MAX_NUMBER = 64;

    private StrictJson() {}

    static ObjectMapper mapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .addModule(new Jdk8Module())
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("strict-duration").addDeserializer(Duration.class, new DurationSeconds()))
                .build();
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxStringLength(MAX_STRING)
                        .maxNumberLength(MAX_NUMBER)
                        .build());
        for (LogicalType type :
                new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean, LogicalType.Textual}) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.deactivateDefaultTyping();
        return mapper;
    }

    /** A Duration as the writer writes it (decimal seconds), refused if it does not fit exactly. */
    private static final class DurationSeconds extends StdScalarDeserializer<Duration> {
        private static final long serialVersionUID = 1L;
        private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Long.MAX_VALUE);

        DurationSeconds() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext context) throws IOException {
            JsonToken token = p.currentToken();
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                return (Duration) context.handleUnexpectedToken(Duration.class, p);
            }
            BigDecimal seconds = p.getDecimalValue();
            if (seconds.abs().compareTo(MAX_SECONDS) > 0
                    || seconds.stripTrailingZeros().scale() > 9) {
                return (Duration) context.handleWeirdNumberValue(
                        Duration.class, seconds, "not a Duration in seconds with at most nanosecond precision");
            }
            long whole = seconds.longValue();
            int nanos = seconds.subtract(BigDecimal.valueOf(whole))
                    .movePointRight(9)
                    .intValueExact();
            return Duration.ofSeconds(whole, nanos);
        }
    }
}
