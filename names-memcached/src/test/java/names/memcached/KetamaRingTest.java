package names.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class KetamaRingTest {

    private static final List<String> KEYS = IntStream.range(0, 20_000)
            .mapToObj(i -> "names:v1:name:nm" + (1_000_000 + i)).toList();

    @Test
    void theConfigurationOrderDoesNotChangeWhereAKeyLives() {
        KetamaRing ab = new KetamaRing(List.of("memcached-1:11211", "memcached-2:11211"));
        KetamaRing ba = new KetamaRing(List.of("memcached-2:11211", "memcached-1:11211"));

        assertThat(KEYS).allSatisfy(key -> assertThat(ab.nodeFor(key)).isEqualTo(ba.nodeFor(key)));
        assertThat(ab.fingerprint()).isEqualTo(ba.fingerprint());
    }

    @Test
    void repeatedAndAlternatingLookupsOfOneThreadAgreeWithFreshOnes() {
        KetamaRing ring = new KetamaRing(List.of("a:1", "b:1", "c:1"));
        KetamaRing fresh = new KetamaRing(List.of("a:1", "b:1", "c:1"));
        for (String key : KEYS.subList(0, 500)) {
            assertThat(ring.nodeFor(key)).isEqualTo(ring.nodeFor(key)).isEqualTo(fresh.nodeFor(key));
            assertThat(ring.nodeFor(KEYS.get(0))).isEqualTo(fresh.nodeFor(KEYS.get(0)));
        }
    }

    @Test
    void everyNodeGetsAFairShare() {
        KetamaRing ring = new KetamaRing(List.of("a:1", "b:1", "c:1"));
        Map<String, Integer> counts = new HashMap<>();
        KEYS.forEach(key -> counts.merge(ring.nodeFor(key), 1, Integer::sum));

        assertThat(counts).containsOnlyKeys("a:1", "b:1", "c:1");
        assertThat(counts.values()).allSatisfy(count -> assertThat(count).isBetween(KEYS.size() / 5, KEYS.size() / 2));
    }

    @Test
    void addingANodeMovesKeysOnlyToTheNewNode() {
        KetamaRing before = new KetamaRing(List.of("a:1", "b:1"));
        KetamaRing after = new KetamaRing(List.of("a:1", "b:1", "c:1"));

        long moved = KEYS.stream().filter(key -> !before.nodeFor(key).equals(after.nodeFor(key)))
                .peek(key -> assertThat(after.nodeFor(key)).isEqualTo("c:1"))
                .count();
        assertThat(moved).isBetween((long) KEYS.size() / 5, (long) KEYS.size() / 2);
    }

    @Test
    void theFingerprintNamesTheSchemeAndChangesWithTheNodes() {
        KetamaRing two = new KetamaRing(List.of("a:1", "b:1"));
        KetamaRing renamed = new KetamaRing(List.of("a:1", "b:2"));

        assertThat(two.fingerprint()).startsWith(KetamaRing.ALGORITHM + ":").isNotEqualTo(renamed.fingerprint());
        assertThat(two.nodes()).containsExactly("a:1", "b:1");
    }

    @Test
    void aRingNeedsDistinctNodes() {
        assertThatThrownBy(() -> new KetamaRing(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KetamaRing(List.of("a:1", "a:1"))).isInstanceOf(IllegalArgumentException.class);
    }
}
