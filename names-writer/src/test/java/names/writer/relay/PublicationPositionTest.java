package names.writer.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import names.writer.relay.PublicationPosition.Gap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PublicationPositionTest {

    private static final long XMIN = 1_000;
    private static final long XMAX = 1_005;

    private static List<Long> ids(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void aCompleteCycleMovesThePositionToTheLastPublishedIdWithoutGaps() {
        PublicationPosition next = new PublicationPosition(10, List.of()).after(ids(11, 20), 10, true, XMIN, XMAX);

        assertThat(next).isEqualTo(new PublicationPosition(20, List.of()));
    }

    @Test
    void anIdMissedBelowAPublishedOneBecomesAGapUntilItsTransactionCommits() {
        PublicationPosition position = new PublicationPosition(9, List.of());

        PublicationPosition missed = position.after(List.of(11L, 12L), 2, true, XMIN, XMAX);
        assertThat(missed).isEqualTo(new PublicationPosition(12, List.of(new Gap(10, 10, XMAX))));

        PublicationPosition committed = missed.after(List.of(10L), 1, true, XMIN + 1, XMAX + 1);
        assertThat(committed).isEqualTo(new PublicationPosition(12, List.of()));
    }

    @Test
    void aGapIsDroppedOnlyOnceEveryTransactionThatCouldHoldItHasEnded() {
        PublicationPosition position = new PublicationPosition(12, List.of(new Gap(10, 10, XMAX)));

        assertThat(position.after(List.of(), 0, true, XMAX - 1, XMAX + 3))
                .as("a transaction older than the missing snapshot's xmax may still be running")
                .isEqualTo(position);
        assertThat(position.after(List.of(), 0, true, XMAX, XMAX + 3))
                .as("every such transaction ended, and the id was still not visible: rolled back")
                .isEqualTo(new PublicationPosition(12, List.of()));
    }

    @Test
    void idsMissedWhileNoTransactionWasInProgressAreNeverGaps() {
        // xmin == xmax: nothing was running, so an id the snapshot did not see was rolled back already.
        PublicationPosition next = new PublicationPosition(0, List.of()).after(List.of(3L, 7L), 2, true, XMAX, XMAX);

        assertThat(next).isEqualTo(new PublicationPosition(7, List.of()));
    }

    @Test
    void theUnreadPartOfAGapIsKeptWhenTheBatchWasFullEvenIfItsTransactionsHaveEnded() {
        // An import's million ids, committed now: a full batch reads its first 5 000 only.
        PublicationPosition position = new PublicationPosition(1_000_001, List.of(new Gap(1, 1_000_000, XMAX)));

        PublicationPosition next = position.after(ids(1, 5_000), 5_000, false, XMAX + 10, XMAX + 20);

        assertThat(next).isEqualTo(new PublicationPosition(1_000_001, List.of(new Gap(5_001, 1_000_000, XMAX))));
    }

    @Test
    void aFailedSendMovesThePositionOnlyPastTheAcknowledgedPrefix() {
        PublicationPosition position = new PublicationPosition(10, List.of(new Gap(5, 5, XMAX)));

        PublicationPosition next = position.after(ids(11, 15), 2, false, XMIN, XMAX + 1);

        assertThat(next).as("12 acknowledged; 13..15 stay above the position, the gap below is unchanged")
                .isEqualTo(new PublicationPosition(12, List.of(new Gap(5, 5, XMAX))));
    }

    @Test
    void aCycleThatPublishedNothingAndSawNotEverythingChangesNothing() {
        PublicationPosition position = new PublicationPosition(10, List.of(new Gap(5, 5, XMAX)));

        assertThat(position.after(ids(11, 15), 0, false, XMAX + 1, XMAX + 2)).isSameAs(position);
    }

    @Test
    void publishedIdsSplitAGapAndTheRestKeepsItsFirstMiss() {
        PublicationPosition position = new PublicationPosition(20, List.of(new Gap(11, 19, XMAX)));

        PublicationPosition next = position.after(List.of(13L, 16L), 2, true, XMIN, XMAX + 50);

        assertThat(next).isEqualTo(new PublicationPosition(20, List.of(
                new Gap(11, 12, XMAX), new Gap(14, 15, XMAX), new Gap(17, 19, XMAX))));
    }

    @Test
    void tooManyGapsAreMergedClosestFirstWithoutLosingAnUnseenId() {
        // Gaps of one id every 3 ids, except that gaps 100 and 101 are only 2 apart: they merge first.
        List<Gap> gaps = new ArrayList<>();
        long id = 1;
        for (int i = 0; i < PublicationPosition.MAX_GAPS + 10; i++) {
            gaps.add(new Gap(id, id, XMAX + i));
            id += i == 100 ? 2 : 3;
        }
        PublicationPosition position = new PublicationPosition(id, gaps);

        PublicationPosition next = position.after(List.of(), 0, true, XMIN, XMAX);

        assertThat(next.gaps()).hasSize(PublicationPosition.MAX_GAPS);
        assertThat(next.gaps()).contains(new Gap(gaps.get(100).first(), gaps.get(101).last(), XMAX + 101));
        for (Gap before : gaps) {
            assertThat(next.gaps()).as("id %d is still in a gap", before.first())
                    .anySatisfy(after -> {
                        assertThat(after.first()).isLessThanOrEqualTo(before.first());
                        assertThat(after.last()).isGreaterThanOrEqualTo(before.last());
                        assertThat(after.missedBefore()).isGreaterThanOrEqualTo(before.missedBefore());
                    });
        }
    }
}
