package names.api.hotkeys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SpaceSavingCounterTest {

    @Test
    void countsExactlyWhileThereIsRoomForEveryKey() {
        SpaceSavingCounter counter = new SpaceSavingCounter(3);
        add(counter, "a", 5);
        add(counter, "b", 2);
        add(counter, "c", 7);

        assertThat(counter.entries()).containsExactly(
                new SpaceSavingCounter.Entry("c", 7, 0),
                new SpaceSavingCounter.Entry("a", 5, 0),
                new SpaceSavingCounter.Entry("b", 2, 0));
    }

    @Test
    void aNewKeyReplacesTheMinimumAndInheritsItsCountAsError() {
        SpaceSavingCounter counter = new SpaceSavingCounter(2);
        add(counter, "a", 5);
        add(counter, "b", 2);

        counter.add("c");

        assertThat(counter.size()).isEqualTo(2);
        assertThat(counter.entries()).containsExactly(
                new SpaceSavingCounter.Entry("a", 5, 0),
                new SpaceSavingCounter.Entry("c", 3, 2));
    }

    @Test
    void aFrequentKeySurvivesALongTailOfOneOffKeys() {
        SpaceSavingCounter counter = new SpaceSavingCounter(10);
        for (int i = 0; i < 1000; i++) {
            counter.add("hot");
            counter.add("tail-" + i);
            if (i % 2 == 0) {
                counter.add("warm");
            }
        }
        List<SpaceSavingCounter.Entry> entries = counter.entries();
        assertThat(entries.get(0).key()).isEqualTo("hot");
        assertThat(entries.get(0).count()).isEqualTo(1000);
        assertThat(entries.get(1).key()).isEqualTo("warm");
        assertThat(entries.get(1).count()).isEqualTo(500);
    }

    @Test
    void countsNeverUnderestimate() {
        SpaceSavingCounter counter = new SpaceSavingCounter(4);
        String[] stream = "a b c d e a f a g b h a b i j a".split(" ");
        for (String key : stream) {
            counter.add(key);
        }
        for (SpaceSavingCounter.Entry e : counter.entries()) {
            long trueCount = java.util.Arrays.stream(stream).filter(e.key()::equals).count();
            assertThat(e.count()).isGreaterThanOrEqualTo(trueCount);
            assertThat(e.count() - e.error()).isLessThanOrEqualTo(trueCount);
        }
        assertThat(counter.entries().get(0).key()).isEqualTo("a");
    }

    private static void add(SpaceSavingCounter counter, String key, int times) {
        for (int i = 0; i < times; i++) {
            counter.add(key);
        }
    }
}
