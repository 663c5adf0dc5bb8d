package names.contract.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class CacheEntryCodecTest {

    private final NameSnapshot fred = new NameSnapshot("nm0000001", "Fred Astaire", 1899, 1987,
            List.of("actor", "soundtrack"), List.of("tt0050419"), 3);

    @Test
    void roundTripsEveryKindOfEntry() {
        for (CacheEntry entry : List.of(new CacheEntry.Lease("abc-123"), new CacheEntry.NotFound(),
                new CacheEntry.Found(fred))) {
            assertThat(CacheEntryCodec.decode(CacheEntryCodec.encode(entry))).isEqualTo(entry);
        }
    }

    @Test
    void leasesAndNotFoundMarkersAreShortTaggedText() {
        assertThat(CacheEntryCodec.encode(new CacheEntry.Lease("t1"))).isEqualTo("L:t1");
        assertThat(CacheEntryCodec.encode(new CacheEntry.NotFound())).isEqualTo("N:");
        assertThat(CacheEntryCodec.encode(new CacheEntry.Found(fred))).startsWith("R:{");
    }

    @Test
    void roundTripsPages() {
        NamePage page = new NamePage(List.of(fred), "nm0000001");
        assertThat(CacheEntryCodec.decodePage(CacheEntryCodec.encodePage(page))).isEqualTo(page);
    }

    @Test
    void rejectsValuesOfAnotherFormat() {
        assertThatThrownBy(() -> CacheEntryCodec.decode("{\"old\":true}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CacheEntryCodec.decode("R:{broken")).isInstanceOf(IllegalArgumentException.class);
    }
}
