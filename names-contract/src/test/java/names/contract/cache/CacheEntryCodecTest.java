package names.contract.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

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
    void aDecodedRecordGivesBackTheSnapshotItsVersionAndItsJson() {
        CacheEntry.Found found = (CacheEntry.Found) CacheEntryCodec.decode(
                CacheEntryCodec.encode(new CacheEntry.Found(fred)));

        assertThat(found.name()).isEqualTo(fred);
        assertThat(found.version()).isEqualTo(3);
        assertThat(found.json()).isEqualTo(new CacheEntry.Found(fred).json());
    }

    @Test
    void leasesAndNotFoundMarkersAreShortTaggedText() {
        assertThat(CacheEntryCodec.encode(new CacheEntry.Lease("t1"))).isEqualTo("L:t1");
        assertThat(CacheEntryCodec.encode(new CacheEntry.NotFound())).isEqualTo("N:");
    }

    @Test
    void aRecordIsItsVersionThenTheSnapshotJson() {
        CacheEntry.Found found = new CacheEntry.Found(fred);

        assertThat(CacheEntryCodec.encode(found)).isEqualTo("R:3:" + found.json());
        assertThat(JsonMapper.builder().build().readValue(found.json(), NameSnapshot.class)).isEqualTo(fred);
    }

    @Test
    void theVersionPrefixIsUsedWithoutParsingTheJson() {
        // The JSON says version 9 and misspells a field: only the prefix is read.
        CacheEntry.Found found = (CacheEntry.Found) CacheEntryCodec.decode("R:7:{\"version\":9,\"nmae\":1}");

        assertThat(found.version()).isEqualTo(7);
        assertThat(found.json()).isEqualTo("{\"version\":9,\"nmae\":1}");
    }

    @Test
    void acceptsTheLegacyFormatWithTheVersionOnlyInTheJson() {
        String legacy = "R:" + JsonMapper.builder().build().writeValueAsString(fred);

        CacheEntry entry = CacheEntryCodec.decode(legacy);

        assertThat(entry).isEqualTo(new CacheEntry.Found(fred));
        assertThat(((CacheEntry.Found) entry).version()).isEqualTo(3);
    }

    @Test
    void rejectsValuesOfAnotherFormat() {
        for (String corrupt : List.of("{\"old\":true}", "R:{broken", "R:", "R:3", "R:3:", "R::{}", "R:-3:{}",
                "R:+3:{}", "R:3x:{}", "R: 3:{}", "R:99999999999999999999:{}", "R:3:null", "R:3:{\"nconst\":",
                "R:3:[]")) {
            assertThatThrownBy(() -> CacheEntryCodec.decode(corrupt)).as(corrupt)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Why the keys did not change: a reader of the legacy format cannot mistake the new one for a name. */
    @Test
    void aLegacyReaderRejectsTheVersionedFormat() {
        String value = CacheEntryCodec.encode(new CacheEntry.Found(fred));
        JsonMapper legacyReader = JsonMapper.builder().build();

        assertThatThrownBy(() -> legacyReader.readValue(value.substring(2), NameSnapshot.class))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void roundTripsPages() {
        NamePage page = new NamePage(List.of(fred), "nm0000001");
        assertThat(CacheEntryCodec.decodePage(CacheEntryCodec.encodePage(page))).isEqualTo(page);
    }

    @Test
    void recordsMarkersAndPagesCarryTheirReadTimeToTheMicrosecond() {
        Instant readAt = Instant.parse("2030-05-06T07:08:09.123456Z");

        String record = CacheEntryCodec.encode(new CacheEntry.Found(fred, readAt));
        String marker = CacheEntryCodec.encode(new CacheEntry.NotFound(readAt));
        String page = CacheEntryCodec.encodePage(new CachedPage(new NamePage(List.of(fred), null), readAt));

        assertThat(record).startsWith("R:3:1904281689123456:{");
        assertThat(((CacheEntry.Found) CacheEntryCodec.decode(record)).readAt()).isEqualTo(readAt);
        assertThat(((CacheEntry.Found) CacheEntryCodec.decode(record)).name()).isEqualTo(fred);
        assertThat(((CacheEntry.NotFound) CacheEntryCodec.decode(marker)).readAt()).isEqualTo(readAt);
        assertThat(CacheEntryCodec.decodeCachedPage(page))
                .isEqualTo(new CachedPage(new NamePage(List.of(fred), null), readAt));
    }

    @Test
    void entriesWithoutAReadTimeDecodeWithAnUnknownOne() {
        assertThat(((CacheEntry.Found) CacheEntryCodec.decode("R:3:" + new CacheEntry.Found(fred).json())).readAt())
                .isNull();
        assertThat(((CacheEntry.NotFound) CacheEntryCodec.decode("N:")).readAt()).isNull();
        assertThat(CacheEntryCodec.decodeCachedPage(CacheEntryCodec.encodePage(new NamePage(List.of(), null))).readAt())
                .isNull();
        for (String corrupt : List.of("R:3:12x:{}", "R:3:12", "N:abc", "P:12", "P:x:{}")) {
            assertThatThrownBy(() -> {
                if (corrupt.startsWith("P:")) {
                    CacheEntryCodec.decodeCachedPage(corrupt);
                } else {
                    CacheEntryCodec.decode(corrupt);
                }
            }).as(corrupt).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /**
     * Why the keys did not change again: the previous reader checks for '{' right after the version (and
     * the one before parses JSON), so the timed form is unreadable to both, and they read PostgreSQL.
     */
    @Test
    void previousReadersRejectTheTimedFormat() {
        String value = CacheEntryCodec.encode(new CacheEntry.Found(fred, Instant.now()));
        int colon = value.indexOf(':', 2);

        assertThat(value.charAt(colon + 1)).isNotEqualTo('{');
        assertThatThrownBy(() -> JsonMapper.builder().build().readValue(value.substring(2), NameSnapshot.class))
                .isInstanceOf(JacksonException.class);
        String page = CacheEntryCodec.encodePage(new CachedPage(new NamePage(List.of(fred), null), Instant.now()));
        assertThatThrownBy(() -> JsonMapper.builder().build().readValue(page.substring(2), NamePage.class))
                .isInstanceOf(JacksonException.class);
    }
}
