package names.writer.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import names.writer.relay.PublicationPosition.Gap;
import names.writer.relay.PublicationPosition.Read;
import names.writer.relay.PublicationPosition.Snapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PublicationPositionTest {

    /** Transaction 1000 is in progress (it holds id 10, say); nothing else is. */
    private static final Snapshot RUNNING_1000 = new Snapshot(1000, 1005, Set.of(1000L), 1005);
    private static final Snapshot QUIET = new Snapshot(1005, 1005, Set.of(), 1005);
    private static final long ALL = Long.MAX_VALUE;

    private static List<Long> ids(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void aCompleteCycleMovesThePositionToTheLastPublishedIdWithoutGaps() {
        PublicationPosition next = new PublicationPosition(10, List.of()).after(ids(11, 20), 10, ALL, RUNNING_1000);

        assertThat(next).isEqualTo(new PublicationPosition(20, List.of()));
    }

    @Test
    void anIdMissedBelowAPublishedOneIsAGapHeldByTheTransactionsThenInProgressUntilItsRowIsPublished() {
        PublicationPosition missed = new PublicationPosition(9, List.of()).after(List.of(11L, 12L), 2, ALL, RUNNING_1000);
        assertThat(missed).isEqualTo(new PublicationPosition(12, List.of(new Gap(10, 10, Set.of(1000L)))));

        assertThat(missed.pending(new Read(10, 1000))).as("the holder's row, once committed").isTrue();
        // 1000 committed: the next snapshot reads its row and no longer sees it running.
        PublicationPosition committed = missed.after(List.of(10L), 1, ALL, QUIET);
        assertThat(committed).isEqualTo(new PublicationPosition(12, List.of()));
    }

    @Test
    void aGapClosesOnlyOnceEveryHolderHasEnded() {
        PublicationPosition position = new PublicationPosition(12, List.of(new Gap(10, 10, Set.of(1000L, 1001L))));

        assertThat(position.after(List.of(), 0, ALL, new Snapshot(1001, 1010, Set.of(1001L), 1010)))
                .as("1000 ended without the id showing up; 1001 may still commit it")
                .isEqualTo(new PublicationPosition(12, List.of(new Gap(10, 10, Set.of(1001L)))));
        assertThat(position.after(List.of(), 0, ALL, new Snapshot(1002, 1010, Set.of(), 1010)))
                .as("both ended and the id never showed up: rolled back")
                .isEqualTo(new PublicationPosition(12, List.of()));
    }

    @Test
    void rowsInAGapWrittenByAnyoneButItsHoldersWereAlreadyPublished() {
        PublicationPosition position = new PublicationPosition(20, List.of(new Gap(5, 15, Set.of(1000L))));

        assertThat(position.pending(new Read(7, 1000))).as("written by the holder").isTrue();
        assertThat(position.pending(new Read(8, 999))).isFalse();
        assertThat(position.pending(new Read(16, 999))).as("outside every gap, below the position").isFalse();
        assertThat(position.pending(new Read(21, 999))).as("above the position").isTrue();
    }

    @Test
    void aTransactionAboveTheSnapshotsXmaxHoldsTheGapThoughTheSnapshotDoesNotListIt() {
        // PostgreSQL's xmax is one past the latest completed transaction: 1007 was running, with its change id
        // 10 taken, yet the snapshot lists nothing. Only the relay's own id (1009) bounds who may be running.
        Snapshot snapshot = new Snapshot(1005, 1005, Set.of(), 1009);

        PublicationPosition missed = new PublicationPosition(9, List.of()).after(List.of(11L), 1, ALL, snapshot);

        assertThat(missed.pending(new Read(10, 1007))).isTrue();
        assertThat(missed.after(List.of(), 0, ALL, new Snapshot(1007, 1008, Set.of(1007L), 1010)).pending(new Read(10, 1007)))
                .as("still running in the next snapshot").isTrue();
        assertThat(missed.after(List.of(), 0, ALL, new Snapshot(1010, 1010, Set.of(), 1011)).gaps())
                .as("every possible holder ended").isEmpty();
    }

    @Test
    void idsMissedWhileNoTransactionWasInProgressAreNeverGaps() {
        PublicationPosition next = new PublicationPosition(0, List.of()).after(List.of(3L, 7L), 2, ALL, QUIET);

        assertThat(next).isEqualTo(new PublicationPosition(7, List.of()));
    }

    @Test
    void theUnreadPartOfAGapKeepsItsHoldersWhenTheBatchWasFull() {
        // An import's million ids, committed now: a full batch reads its first 5 000 only.
        PublicationPosition position = new PublicationPosition(1_000_001, List.of(new Gap(1, 1_000_000, Set.of(1000L))));

        PublicationPosition next = position.after(ids(1, 5_000), 5_000, 5_000, QUIET);

        assertThat(next).isEqualTo(new PublicationPosition(1_000_001, List.of(new Gap(5_001, 1_000_000, Set.of(1000L)))));
    }

    @Test
    void aFailedSendMovesThePositionOnlyPastTheAcknowledgedPrefix() {
        PublicationPosition position = new PublicationPosition(10, List.of(new Gap(5, 5, Set.of(1000L))));

        PublicationPosition next = position.after(ids(11, 15), 2, 12, RUNNING_1000);

        assertThat(next).as("12 acknowledged; 13..15 stay above the position, the gap below is unchanged")
                .isEqualTo(new PublicationPosition(12, List.of(new Gap(5, 5, Set.of(1000L)))));
    }

    @Test
    void aCycleThatPublishedNothingAndExaminedNothingChangesNothing() {
        PublicationPosition position = new PublicationPosition(10, List.of(new Gap(5, 5, Set.of(1000L))));

        assertThat(position.after(ids(11, 15), 0, Long.MIN_VALUE, QUIET)).isSameAs(position);
    }

    @Test
    void publishedIdsSplitAGapAndTheRestKeepsItsRunningHolders() {
        PublicationPosition position = new PublicationPosition(20, List.of(new Gap(11, 19, Set.of(1000L))));

        PublicationPosition next = position.after(List.of(13L, 16L), 2, ALL, RUNNING_1000);

        assertThat(next).isEqualTo(new PublicationPosition(20, List.of(
                new Gap(11, 12, Set.of(1000L)), new Gap(14, 15, Set.of(1000L)), new Gap(17, 19, Set.of(1000L)))));
    }

    @Test
    void manyWritesInterleavedWithALongTransactionNeverMakeTheRelaySendAnythingTwice() {
        // Transaction 1000 (an import) holds every id but each tenth, which small writes take and commit; each
        // cycle publishes one small write and leaves the import's ids below it as a gap.
        PublicationPosition position = new PublicationPosition(0, List.of());
        List<Long> sent = new ArrayList<>();
        for (long write = 10; write <= 10 * (PublicationPosition.MAX_GAPS + 50); write += 10) {
            List<Long> pendingRows = List.of(write);
            sent.addAll(pendingRows);
            position = position.after(pendingRows, 1, ALL, RUNNING_1000);
            assertThat(position.gaps().size()).isLessThanOrEqualTo(PublicationPosition.MAX_GAPS);
        }
        for (long write : sent) {
            assertThat(position.pending(new Read(write, 999))).as("small write %d, published", write).isFalse();
        }
        for (long importRow = 1; importRow < sent.getLast(); importRow++) {
            if (importRow % 10 != 0) {
                assertThat(position.pending(new Read(importRow, 1000))).as("import row %d", importRow).isTrue();
            }
        }
    }

    @Test
    void tooManyGapsAreMergedClosestFirstWithoutLosingAnUnseenId() {
        // Gaps of one id every 3 ids, except that gaps 30 and 31 are only 2 apart: they merge first.
        List<Gap> gaps = new ArrayList<>();
        long id = 1;
        for (int i = 0; i < PublicationPosition.MAX_GAPS + 10; i++) {
            gaps.add(new Gap(id, id, Set.of(1000L + i)));
            id += i == 30 ? 2 : 3;
        }
        Snapshot allRunning = new Snapshot(1000, 2000, gaps.stream().flatMap(gap -> gap.holders().stream())
                .collect(java.util.stream.Collectors.toSet()), 2000);
        PublicationPosition position = new PublicationPosition(id, gaps);

        PublicationPosition next = position.after(List.of(), 0, ALL, allRunning);

        assertThat(next.gaps()).hasSize(PublicationPosition.MAX_GAPS);
        assertThat(next.gaps()).contains(new Gap(gaps.get(30).first(), gaps.get(31).last(), Set.of(1030L, 1031L)));
        for (Gap before : gaps) {
            long holder = before.holders().iterator().next();
            assertThat(next.pending(new Read(before.first(), holder))).as("id %d is still pending", before.first())
                    .isTrue();
        }
    }
}
