package names.tools.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ReadStalenessTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ReadStaleness staleness = new ReadStaleness();

    @Test
    void aReadOfTheNewestAcknowledgedVersionIsNotStale() {
        staleness.acknowledged("nm0000001", 5, 100 * MS);

        staleness.read("nm0000001", 5, 900 * MS);

        assertThat(staleness.maxNanos()).isZero();
        assertThat(staleness.reads()).isEqualTo(1);
    }

    @Test
    void aReadOfAnOlderVersionIsStaleSinceTheFirstNewerVersionWasAcknowledged() {
        staleness.acknowledged("nm0000001", 5, 100 * MS);
        staleness.acknowledged("nm0000001", 7, 300 * MS);
        staleness.acknowledged("nm0000001", 6, 200 * MS);

        staleness.read("nm0000001", 5, 1_200 * MS);

        assertThat(staleness.maxNanos()).isEqualTo(1_000 * MS);
    }

    @Test
    void aNewerVersionAcknowledgedOnlyAfterTheReadWasSentDoesNotCount() {
        staleness.acknowledged("nm0000001", 5, 100 * MS);
        staleness.acknowledged("nm0000001", 6, 500 * MS);

        staleness.read("nm0000001", 5, 400 * MS);

        assertThat(staleness.maxNanos()).isZero();
    }

    @Test
    void otherNamesDoNotSupersedeEachOther() {
        staleness.acknowledged("nm0000001", 5, 100 * MS);
        staleness.acknowledged("nm0000002", 9, 100 * MS);

        staleness.read("nm0000001", 5, 5_000 * MS);

        assertThat(staleness.maxNanos()).isZero();
    }
}
