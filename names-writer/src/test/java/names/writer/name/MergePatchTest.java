package names.writer.name;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples of RFC 7396, section 3 and appendix A. */
class MergePatchTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String apply(String target, String patch) {
        return JSON.writeValueAsString(MergePatch.apply(JSON.readTree(target), JSON.readTree(patch)));
    }

    @Test
    void nullRemovesAbsentKeepsAndValuesReplace() {
        assertThat(apply("{\"a\":\"b\",\"c\":{\"d\":\"e\",\"f\":\"g\"}}", "{\"a\":\"z\",\"c\":{\"f\":null}}"))
                .isEqualTo("{\"a\":\"z\",\"c\":{\"d\":\"e\"}}");
    }

    @Test
    void arraysAreReplacedWhole() {
        assertThat(apply("{\"a\":[\"b\"]}", "{\"a\":[\"c\",\"d\"]}")).isEqualTo("{\"a\":[\"c\",\"d\"]}");
    }

    @Test
    void aPatchMemberOnAMissingMemberIsAddedWithoutItsNulls() {
        assertThat(apply("{}", "{\"a\":{\"bb\":{\"ccc\":null}}}")).isEqualTo("{\"a\":{\"bb\":{}}}");
    }
}
