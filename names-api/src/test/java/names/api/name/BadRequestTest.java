package names.api.name;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import names.api.ApiIntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BadRequestTest extends ApiIntegrationTest {

    /** Counters of every command that reads or writes a key; {@code stats} itself moves none of them. */
    private static final List<String> KEY_COMMANDS = List.of("cmd_get", "cmd_set", "cmd_touch", "get_hits",
            "get_misses", "delete_hits", "delete_misses", "cas_hits", "cas_misses", "cas_badval", "incr_misses",
            "incr_hits", "decr_misses", "decr_hits");

    @ParameterizedTest
    @ValueSource(strings = {"nm12%20x", "abc", "nm12345678901", "nm123", "NM1234567", "nm1234567%0D%0Aflush_all"})
    void aMalformedNconstIs400WithoutAnyMemcachedTraffic(String nconst) throws Exception {
        Map<String, String> before = keyCommandStats();

        HttpResponse<String> response = get("/names/" + nconst);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).get("status").asInt()).isEqualTo(400);
        assertThat(json(response).get("parameter").asString()).isEqualTo("nconst");
        assertThat(keyCommandStats()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"birthYear=1970&limit=0", "birthYear=1970&limit=101", "birthYear=999",
            "birthYear=2101", "limit=10", "birthYear=abc", "birthYear=1970&after=abc",
            "birthYear=1970&after=nm1%20x"})
    void anInvalidListRequestIs400WithoutAnyMemcachedTraffic(String query) throws Exception {
        Map<String, String> before = keyCommandStats();

        HttpResponse<String> response = get("/names?" + query);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(keyCommandStats()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc"})
    void anInvalidMinVersionIs400(String minVersion) throws Exception {
        HttpResponse<String> response = get("/names/" + uniqueNconst() + "?minVersion=" + minVersion);
        assertThat(response.statusCode()).isEqualTo(400);
    }

    private static Map<String, String> keyCommandStats() throws Exception {
        Map<InetSocketAddress, Map<String, String>> stats = memcached().getStats();
        assertThat(stats).hasSize(1);
        Map<String, String> node = stats.values().iterator().next();
        Map<String, String> selected = new java.util.TreeMap<>();
        for (String name : KEY_COMMANDS) {
            if (node.containsKey(name)) {
                selected.put(name, node.get(name));
            }
        }
        assertThat(selected).containsKeys("cmd_get", "cmd_set", "cmd_touch");
        return selected;
    }
}
