package names.api.name;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import names.api.ApiIntegrationTest;
import names.contract.cache.CacheKeys;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BirthYearPageTest extends ApiIntegrationTest {

    @Test
    void pagesFollowTheNextCursorInNconstOrderUntilAShortPage() throws Exception {
        int year = uniqueBirthYear();
        List<String> born = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String nconst = uniqueNconst();
            insertName(nconst, "Born " + i, year);
            born.add(nconst);
        }
        insertName(uniqueNconst(), "Other Year", year + 500); // not in the list

        JsonNode page1 = json(get("/names?birthYear=" + year + "&limit=2"));
        assertThat(nconsts(page1)).containsExactly(born.get(0), born.get(1));
        assertThat(page1.get("next").asString()).isEqualTo(born.get(1));

        JsonNode page2 = json(get("/names?birthYear=" + year + "&limit=2&after=" + born.get(1)));
        assertThat(nconsts(page2)).containsExactly(born.get(2), born.get(3));
        assertThat(page2.get("next").asString()).isEqualTo(born.get(3));

        JsonNode page3 = json(get("/names?birthYear=" + year + "&limit=2&after=" + born.get(3)));
        assertThat(nconsts(page3)).containsExactly(born.get(4));
        assertThat(page3.get("next").isNull()).isTrue();
    }

    @Test
    void aPageIsCachedUnderTheCurrentGenerationAndServedAsAHit() throws Exception {
        int year = uniqueBirthYear();
        String nconst = uniqueNconst();
        insertName(nconst, "Cached Page", year);

        HttpResponse<String> first = get("/names?birthYear=" + year);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(xCache(first)).isEqualTo("miss");

        String generation = cached(CacheKeys.birthYearGeneration(year));
        assertThat(generation).isNotBlank();
        assertThat(cached(CacheKeys.birthYearPage(year, generation, null, 20))).startsWith("P:");

        HttpResponse<String> second = get("/names?birthYear=" + year);
        assertThat(xCache(second)).isEqualTo("hit");
        assertThat(nconsts(json(second))).containsExactly(nconst);
    }

    @Test
    void aDeletedGenerationMakesTheNextReadQueryPostgresAgain() throws Exception {
        int year = uniqueBirthYear();
        String before = uniqueNconst();
        insertName(before, "Before", year);
        assertThat(xCache(get("/names?birthYear=" + year))).isEqualTo("miss");
        String oldGeneration = cached(CacheKeys.birthYearGeneration(year));

        String after = uniqueNconst();
        insertName(after, "After", year);
        invalidate(CacheKeys.birthYearGeneration(year));

        HttpResponse<String> response = get("/names?birthYear=" + year);
        assertThat(xCache(response)).isEqualTo("miss");
        assertThat(nconsts(json(response))).containsExactly(before, after);
        assertThat(cached(CacheKeys.birthYearGeneration(year))).isNotEqualTo(oldGeneration);
    }

    @Test
    void anEmptyYearIsAnEmptyPageWithoutCursor() throws Exception {
        JsonNode page = json(get("/names?birthYear=" + uniqueBirthYear()));
        assertThat(page.get("items")).isEmpty();
        assertThat(page.get("next").isNull()).isTrue();
    }

    private static List<String> nconsts(JsonNode page) {
        List<String> nconsts = new ArrayList<>();
        page.get("items").forEach(item -> nconsts.add(item.get("nconst").asString()));
        return nconsts;
    }
}
