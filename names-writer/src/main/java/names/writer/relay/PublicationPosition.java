package names.writer.relay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How far the relay has published the change log (table {@code relay_position}, schema V6): every change
 * id up to {@code publishedThrough} has been published, except rows in {@code gaps} written by one of the
 * gap's holders.
 *
 * <p>Change ids do not order commits. A transaction can take id 10, and the transaction that took id 11
 * can commit and be published first. A cycle therefore records the ids it did not see below the highest
 * id it published as a gap, together with its holders: the transactions that may have been running
 * when the cycle's snapshot was taken ({@link Snapshot#possiblyRunning}). Only those can still commit one of the ids (a transaction has its transaction id before it
 * takes a change id, the change-log triggers see to it, and it took the id before the published one was
 * taken, so before the snapshot). Each row records its transaction ({@code written_by}). Later cycles read the gap's rows written by a holder as they commit;
 * a holder that has ended and whose rows were read leaves the gap, and a gap without holders is closed.
 *
 * <p>Rows in a gap's id range written by anyone else were published already, so gaps can be merged
 * without sending anything twice: the position stays small however many writes interleave with a long
 * transaction (a bulk import), and its size is bounded by the transactions in progress.
 *
 * <p>Replaces a per-row {@code published_at} mark, which cost PostgreSQL a new tuple, index entries and
 * WAL for every change; the position is one row, written once per cycle.
 */
record PublicationPosition(long publishedThrough, List<Gap> gaps) {

    /** Gaps kept at most; beyond it the closest neighbours are merged (holders united). */
    static final int MAX_GAPS = 64;

    PublicationPosition {
        gaps = List.copyOf(gaps);
    }

    /**
     * Change ids {@code first..last} (inclusive) that a cycle did not see, and the transactions that may still
     * commit some of them ({@code holders}, 64-bit transaction ids).
     */
    record Gap(long first, long last, Set<Long> holders) {

        Gap {
            if (first > last) {
                throw new IllegalArgumentException("empty gap " + first + ".." + last);
            }
            holders = Set.copyOf(holders);
        }

        boolean heldBy(long writtenBy) {
            return holders.contains(writtenBy);
        }
    }

    /**
     * A snapshot's view of transactions: below {@code xmin} every transaction has ended; in
     * {@code [xmin, xmax)}, {@code inProgress} were running and the others had ended. From {@code xmax} on a
     * snapshot knows nothing: PostgreSQL's xmax is one past the latest COMPLETED transaction, so a transaction
     * with a higher id may well be running and is not listed. {@code nextXid} bounds those: every transaction
     * that had an id when the snapshot was taken has a smaller one (the relay's own transaction id, taken in
     * the same statement, after the snapshot).
     */
    record Snapshot(long xmin, long xmax, Set<Long> inProgress, long nextXid) {

        Snapshot {
            inProgress = Set.copyOf(inProgress);
        }

        boolean ended(long xid) {
            return xid < xmin || (xid < xmax && !inProgress.contains(xid));
        }

        /** Every transaction that may have been running: the listed ones and each id in [xmax, nextXid). */
        Set<Long> possiblyRunning() {
            Set<Long> running = new HashSet<>(inProgress);
            for (long xid = xmax; xid < nextXid; xid++) {
                running.add(xid);
            }
            return running;
        }
    }

    /** One row a cycle read: its change id and the (top-level) transaction that wrote it, 0 if unknown. */
    record Read(long id, long writtenBy) {
    }

    /** Whether the relay still has to publish this row, which the fetch returned as a candidate. */
    boolean pending(Read row) {
        if (row.id() > publishedThrough) {
            return true;
        }
        for (Gap gap : gaps) {
            if (row.id() >= gap.first() && row.id() <= gap.last()) {
                return gap.heldBy(row.writtenBy());
            }
        }
        return false;
    }

    /**
     * The position after a cycle.
     *
     * @param sent the pending rows the cycle sent, ascending ids
     * @param acknowledged how many of them, from the first, Kafka acknowledged
     * @param examinedThrough up to which id the cycle saw every pending row its snapshot could see and Kafka
     *     acknowledged every one it sent: {@link Long#MAX_VALUE} when it read fewer than its limit, the last
     *     row read when the batch was full, the last acknowledged row after a failed send; below anything
     *     (e.g. {@link Long#MIN_VALUE}) when nothing is known
     * @param snapshot the snapshot that read the rows
     */
    PublicationPosition after(List<Long> sent, int acknowledged, long examinedThrough, Snapshot snapshot) {
        List<Long> published = sent.subList(0, acknowledged);
        long through = published.isEmpty() ? publishedThrough : Math.max(publishedThrough, published.getLast());
        if (published.isEmpty() && gaps.stream().noneMatch(gap -> gap.first() <= examinedThrough)) {
            return this;
        }
        List<Gap> next = new ArrayList<>();
        for (Gap gap : gaps) {
            if (gap.first() > examinedThrough) {
                next.add(gap);
                continue;
            }
            // Up to examinedThrough every row of an ended holder was visible, hence read and published: the
            // holders still running are all that can add to this part of the gap.
            Set<Long> running = new HashSet<>(gap.holders());
            running.removeIf(snapshot::ended);
            unseen(gap.first(), Math.min(gap.last(), examinedThrough), published, running, next);
            if (gap.last() > examinedThrough) {
                next.add(new Gap(examinedThrough + 1, gap.last(), gap.holders()));
            }
        }
        if (through > publishedThrough) {
            unseen(publishedThrough + 1, through, published, snapshot.possiblyRunning(), next);
        }
        next.sort((a, b) -> Long.compare(a.first(), b.first()));
        return new PublicationPosition(through, merged(next));
    }

    /** Adds {@code first..last} minus {@code published} as gaps held by {@code holders}, unless there are none. */
    private static void unseen(long first, long last, List<Long> published, Set<Long> holders, List<Gap> into) {
        if (holders.isEmpty()) {
            // No transaction that could hold one of these ids was running: every one that committed was
            // visible, and read; the rest were rolled back.
            return;
        }
        long from = first;
        for (int i = firstAtOrAfter(published, first); i < published.size() && published.get(i) <= last; i++) {
            long id = published.get(i);
            if (id > from) {
                into.add(new Gap(from, id - 1, holders));
            }
            from = id + 1;
        }
        if (from <= last) {
            into.add(new Gap(from, last, holders));
        }
    }

    private static int firstAtOrAfter(List<Long> sorted, long id) {
        int low = 0;
        int high = sorted.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sorted.get(middle) < id) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /**
     * Merges the closest neighbours until at most {@link #MAX_GAPS} are left. Free of re-sends: a merged gap's
     * rows written by anyone but its holders are not pending. Its holders are both halves' holders; the
     * next examination drops those that have ended.
     */
    private static List<Gap> merged(List<Gap> sorted) {
        int merges = sorted.size() - MAX_GAPS;
        if (merges <= 0) {
            return sorted;
        }
        // Merging neighbours i and i+1 leaves every other neighbour distance as it was, so one pass over
        // the distances, below the merges-th smallest (and as many equal to it as still needed), is enough.
        long[] distances = new long[sorted.size() - 1];
        for (int i = 0; i < distances.length; i++) {
            distances[i] = sorted.get(i + 1).first() - sorted.get(i).last();
        }
        long[] ordered = distances.clone();
        Arrays.sort(ordered);
        long threshold = ordered[merges - 1];
        long equalMerges = merges;
        for (long distance : distances) {
            if (distance < threshold) {
                equalMerges--;
            }
        }
        List<Gap> gaps = new ArrayList<>(MAX_GAPS);
        Gap current = sorted.getFirst();
        for (int i = 0; i < distances.length; i++) {
            Gap right = sorted.get(i + 1);
            if (distances[i] < threshold || (distances[i] == threshold && equalMerges-- > 0)) {
                Set<Long> holders = new HashSet<>(current.holders());
                holders.addAll(right.holders());
                current = new Gap(current.first(), right.last(), holders);
            } else {
                gaps.add(current);
                current = right;
            }
        }
        gaps.add(current);
        return gaps;
    }
}
