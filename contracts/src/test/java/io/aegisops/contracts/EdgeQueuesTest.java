package io.aegisops.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EdgeQueuesTest {

    @Test
    void namesAHostsQueueAfterThePrefixAndTheHost() {
        assertThat(EdgeQueues.nameFor("aegis-", "web-1")).isEqualTo("aegis-edge-web-1");
    }

    @Test
    void keepsHostsWhoseIdsDifferOnlyInCharactersAQueueNameCannotHoldApart() {
        String dotted = EdgeQueues.nameFor("aegis-", "web.1");
        String coloned = EdgeQueues.nameFor("aegis-", "web:1");

        assertThat(dotted).matches("[A-Za-z0-9_-]{1,80}").startsWith("aegis-edge-web-1-");
        assertThat(coloned).matches("[A-Za-z0-9_-]{1,80}").isNotEqualTo(dotted);
        assertThat(EdgeQueues.nameFor("aegis-", "web-1")).isNotIn(dotted, coloned);
    }

    @Test
    void cutsANameTooLongForSqsAndStillTellsHostsApart() {
        String longHost = "h".repeat(128);

        String name = EdgeQueues.nameFor("aegis-", longHost);

        assertThat(name).hasSize(80).matches("[A-Za-z0-9_-]+");
        assertThat(EdgeQueues.nameFor("aegis-", longHost + "x")).isNotEqualTo(name);
    }
}
