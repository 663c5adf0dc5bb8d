package names.writer.web;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeyFilterTest {

    @Test
    void theWriteApiRefusesToStartWithoutAnApiKey() {
        assertThatThrownBy(() -> new ApiKeyFilter(null, JsonMapper.builder().build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("names.writer.api-key");
        assertThatThrownBy(() -> new ApiKeyFilter("  ", JsonMapper.builder().build()))
                .isInstanceOf(IllegalStateException.class);
    }
}
