package names.writer.relay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How far the relay has published the change log (table {@code relay_position}, schema V6): every change
 * id up to {@code publishedThrough} has been published, except the ids in {@code gaps}.
 *
 * <p>Change ids do not order commits. A transaction can take id 10, and the transaction that took id 11
 * can commit and be published first. A cycle therefore records every id it did not see below the highest
 * id it published as a gap, and looks at the gaps again on every cycle until each id in them is either
 * published (its transaction committed) or proven never to come: a gap remembers the xmax of a snapshot
 * that missed it, and once a later snapshot's xmin has reached that xmax, every transaction that could
 * have held one of its ids has ended. The gap's ids still invisible then were rolled back.
 *
 * <p>Replaces a per-row {@code published_at} mark, which cost PostgreSQL a new tuple, index entries and
 * WAL for every change; the position is one row, written once per cycle.
 */
record PublicationPosition(long publishedThrough, List<Gap> gaps) {

    /**
     * Gaps kept at most; beyond it the closest ones are merged. A merge re-sends the published ids between
     * the two gaps (duplicates, which at-least-once allows), and keeps the position row small even when a
     * long import (ids interleaved with many small writes) is in progress.
     */
    static final int MAX_GAPS = 256;

    PublicationPosition {
        gaps = List.copyOf(gaps);
    }

    /**
     * Ids {@code first..last} (inclusive) not yet seen, missed by a snapshot whose xmax was
     * {@code missedBefore}: every transaction that could still commit one of them has a smaller id.
     */
    record Gap(long first, long last, long missedBefore) {

        Gap {
            if (first > last) {
                throw new IllegalArgumentException("empty gap " + first + ".." + last);
            }
        }
    }

    /**
     * The position after a cycle.
     *
     * @param fetched the ids the cycle read, in ascending order: every candidate (above
     *     {@code publishedThrough} or in a gap) visible to its snapshot, up to its limit
     * @param acknowledged how many of them, from the first, Kafka acknowledged
     * @param examinedAll whether the cycle saw every visible candidate (it read fewer than its limit) and all
     *     of them were acknowledged
     * @param snapshotXmin the xmin of the snapshot that read {@code fetched} (or of an earlier one)
     * @param snapshotXmax the xmax of that snapshot (or of a later one)
     */
    PublicationPosition after(List<Long> fetched, int acknowledged, boolean examinedAll, long snapshotXmin,
            long snapshotXmax) {
        if (acknowledged == 0 && !examinedAll) {
            return this;
        }
        // Up to here, every candidate the snapshot could see was read and acknowledged, so an id not read is
        // one the snapshot could not see. Beyond it (a full batch, or a failed send) the cycle knows nothing.
        long examinedThrough = examinedAll ? Long.MAX_VALUE : fetched.get(acknowledged - 1);
        List<Long> published = fetched.subList(0, acknowledged);
        long through = published.isEmpty() ? publishedThrough
                : Math.max(publishedThrough, published.getLast());
        List<Gap> next = new ArrayList<>();
        for (Gap gap : gaps) {
            if (gap.first() > examinedThrough) {
                next.add(gap);
                continue;
            }
            long lastExamined = Math.min(gap.last(), examinedThrough);
            // The earliest miss is kept: that snapshot already proves the gap once xmin passes its xmax.
            unseen(gap.first(), lastExamined, published, gap.missedBefore(), snapshotXmin, next);
            if (gap.last() > examinedThrough) {
                next.add(new Gap(examinedThrough + 1, gap.last(), gap.missedBefore()));
            }
        }
        if (through > publishedThrough) {
            unseen(publishedThrough + 1, through, published, snapshotXmax, snapshotXmin, next);
        }
        next.sort((a, b) -> Long.compare(a.first(), b.first()));
        return new PublicationPosition(through, merged(next));
    }

    /**
     * Adds the ids of {@code first..last} that are not in {@code published}, as gaps missed before
     * {@code missedBefore}, unless {@code snapshotXmin} already proves them gone.
     */
    private static void unseen(long first, long last, List<Long> published, long missedBefore, long snapshotXmin,
            List<Gap> into) {
        if (snapshotXmin >= missedBefore) {
            // Every transaction that could hold one of these ids had ended when the snapshot was taken, so
            // any of them that committed was visible, and read: what is left was rolled back.
            return;
        }
        long from = first;
        for (int i = firstAtOrAfter(published, first); i < published.size() && published.get(i) <= last; i++) {
            long id = published.get(i);
            if (id > from) {
                into.add(new Gap(from, id - 1, missedBefore));
            }
            from = id + 1;
        }
        if (from <= last) {
            into.add(new Gap(from, last, missedBefore));
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
     * Merges the closest neighbours until at most {@link #MAX_GAPS} are left; a merged gap keeps the later
     * miss, which proves both halves (each was missed by a snapshot no later than that).
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
            distances[i] = distance(sorted, i);
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
            boolean merge = distances[i] < threshold || (distances[i] == threshold && equalMerges-- > 0);
            if (merge) {
                current = new Gap(current.first(), right.last(), Math.max(current.missedBefore(), right.missedBefore()));
            } else {
                gaps.add(current);
                current = right;
            }
        }
        gaps.add(current);
        return gaps;
    }

    private static long distance(List<Gap> gaps, int i) {
        return gaps.get(i + 1).first() - gaps.get(i).last();
    }
}
