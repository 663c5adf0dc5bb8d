package names.invalidator.ring;

import static org.assertj.core.api.Assertions.assertThat;

import names.invalidator.InvalidatorIntegrationTest;
import names.memcached.MemcachedNode;
import names.memcached.RingMarker;
import org.junit.jupiter.api.Test;

class RingMarkerWriterTest extends InvalidatorIntegrationTest {

    @Test
    void everyNodeIsMarkedWithTheRingAndTheNameTheInvalidatorKnowsItBy() {
        await().untilAsserted(() -> {
            for (MemcachedNode node : CACHE.nodes()) {
                String marker = node.client().get(RingMarker.KEY);
                assertThat(RingMarker.check(marker, CACHE.ring(), node.name())).as(node.name())
                        .isEqualTo(RingMarker.Agreement.AGREES);
            }
        });
    }

    @Test
    void anotherInvalidatorsRingOnOneOfOurNodesTurnsHealthDown() throws Exception {
        MemcachedNode node = CACHE.nodes().getFirst();
        String foreign = "ketama-md5-160:000000000000 " + node.name() + " " + node.name() + ",elsewhere:11211";
        try {
            await().untilAsserted(() -> {
                // rewritten until the writer has read it once; it overwrites it on every renewal
                node.client().set(RingMarker.KEY, 60, foreign);
                assertThat(httpGet("/actuator/health/ringMarkers").body())
                        .contains("DOWN").contains("different ring").contains("elsewhere:11211");
            });
        } finally {
            node.client().delete(RingMarker.KEY);
        }
        await().untilAsserted(() -> assertThat(httpGet("/actuator/health/ringMarkers").body()).contains("\"UP\""));
    }
}
