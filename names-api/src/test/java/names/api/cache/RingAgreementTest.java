package names.api.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import names.api.ApiIntegrationTest;
import names.contract.cache.CacheKeys;
import names.memcached.KetamaRing;
import names.memcached.RingMarker;
import names.testsupport.SharedContainers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The api refuses a cache whose invalidator deletes by another ring, and says why. */
class RingAgreementTest extends ApiIntegrationTest {

    @Autowired
    RingAgreement ringAgreement;

    private static final String NODE = SharedContainers.address(SharedContainers.memcached());

    @Test
    void aNodeMarkedWithAnotherRingTurnsTheCacheOffWithAClearReasonUntilTheMarkerAgrees() throws Exception {
        String nconst = uniqueNconst();
        insertName(nconst, "Ringed", 1961);
        String path = "/names/" + nconst;
        KetamaRing ours = new KetamaRing(List.of(NODE));
        KetamaRing theirs = new KetamaRing(List.of(NODE, "memcached-9:11211"));
        try {
            memcached().set(RingMarker.KEY, 60, RingMarker.encode(NODE, List.of(theirs)));
            ringAgreement.check();

            assertThat(xCache(get(path))).isEqualTo("bypass");
            assertThat(xCache(get(path))).as("no fill while the rings disagree").isEqualTo("bypass");
            assertThat(cached(CacheKeys.name(nconst))).isNull();
            String health = get("/actuator/health").body();
            assertThat(health).contains("another ring").contains("memcached-9:11211").contains("disagrees");

            memcached().set(RingMarker.KEY, 60, RingMarker.encode(NODE, List.of(ours)));
            ringAgreement.check();

            assertThat(xCache(get(path))).isEqualTo("miss");
            assertThat(xCache(get(path))).isEqualTo("hit");
            assertThat(get("/actuator/health").body()).contains("\"agrees\"");
        } finally {
            memcached().delete(RingMarker.KEY);
        }
    }

    @Test
    void aNodeWithoutAMarkerIsUnknownAndKeepsTheCache() throws Exception {
        memcached().delete(RingMarker.KEY);
        String nconst = uniqueNconst();
        insertName(nconst, "Unmarked", 1962);
        ringAgreement.check();

        assertThat(get("/actuator/health").body()).contains("\"unknown\"");
        assertThat(xCache(get("/names/" + nconst))).isEqualTo("miss");
        assertThat(xCache(get("/names/" + nconst))).isEqualTo("hit");
    }
}
