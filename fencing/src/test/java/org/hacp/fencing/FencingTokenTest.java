package org.hacp.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FencingTokenTest {
    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();

    @Test
    void relationOrdersByEpochAndDetectsConflicts() {
        FencingToken current = new FencingToken(a, 5);
        assertThat(new FencingToken(a, 5).relationTo(current)).isEqualTo(FencingToken.Relation.SAME);
        assertThat(new FencingToken(b, 4).relationTo(current)).isEqualTo(FencingToken.Relation.STALE);
        assertThat(new FencingToken(a, 4).relationTo(current)).isEqualTo(FencingToken.Relation.STALE);
        assertThat(new FencingToken(b, 6).relationTo(current)).isEqualTo(FencingToken.Relation.NEWER);
        assertThat(new FencingToken(b, 5).relationTo(current)).isEqualTo(FencingToken.Relation.CONFLICTING);
    }

    @Test
    void mintingGivesAFreshSessionEveryTime() {
        assertThat(FencingToken.mint(1).sessionId())
                .isNotEqualTo(FencingToken.mint(1).sessionId());
        assertThat(FencingToken.mint(7).epoch()).isEqualTo(7);
    }

    @Test
    void jsonRoundTrip() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        FencingToken token = new FencingToken(a, 42);
        String json = mapper.writeValueAsString(token);
        assertThat(json).contains("\"sessionId\":\"" + a + "\"").contains("\"epoch\":42");
        assertThat(mapper.readValue(json, FencingToken.class)).isEqualTo(token);
    }

    @Test
    void invalidTokensAreRefused() {
        assertThatThrownBy(() -> new FencingToken(null, 1)).hasMessageContaining("sessionId");
        assertThatThrownBy(() -> new FencingToken(a, -1)).hasMessageContaining("epoch must not be negative");
    }
}
