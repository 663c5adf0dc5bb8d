package names.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class MemcachedNodeSpecTest {

    @Test
    void aPlainAddressIsItsOwnName() {
        assertThat(MemcachedNodeSpec.parse("memcached-1:11211"))
                .isEqualTo(new MemcachedNodeSpec("memcached-1:11211", "memcached-1:11211"));
    }

    @Test
    void aNamedEntrySeparatesTheRingNameFromTheAddress() {
        MemcachedNodeSpec node = MemcachedNodeSpec.parse("memcached-2:11211=localhost:11212");

        assertThat(node.name()).isEqualTo("memcached-2:11211");
        assertThat(node.address()).isEqualTo("localhost:11212");
        assertThat(node).hasToString("memcached-2:11211=localhost:11212");
    }

    @Test
    void entriesWithoutAPortOrWithAnEmptyNameAreRefused() {
        assertThatThrownBy(() -> MemcachedNodeSpec.parse("memcached-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemcachedNodeSpec.parse("=localhost:1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemcachedNodeSpec.parse("a=localhost:0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPoolRefusesTwoNodesWithOneName() {
        assertThatThrownBy(() -> MemcachedPoolSettings.of("p", List.of("n=h1:1", "n=h2:1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("named twice");
    }
}
