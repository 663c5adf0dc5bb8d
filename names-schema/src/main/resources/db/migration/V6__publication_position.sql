-- The relay stops marking each published row. `UPDATE name_changes SET published_at = now()` per row was
-- most of PostgreSQL's cost per change in a drain (~10 µs a row: a new tuple, entries in both partial
-- indexes, WAL, later vacuum; never HOT, because published_at is in the indexes' predicates). Instead the
-- relay keeps ONE row, its publication position, and updates it once per cycle:
--
--   every change id <= published_through has been published, except the ids in the gaps;
--   a gap [first, last] holds ids that a relay cycle did not see although a higher id was visible.
--
-- Ids do not order commits: a transaction can take id 10 and commit after the transaction with id 11
-- was published. Such an id becomes a gap, and stays one until it is published (it committed: a later
-- cycle sees it) or proven never to come: missed_before is the xmax of a snapshot that did not see it,
-- so once a snapshot's xmin reaches missed_before, every transaction that could hold it has ended, and
-- an id still invisible then was rolled back. That proof needs the writing transaction to have its
-- transaction id before it takes its change id, which holds because only the change-log triggers insert
-- here, AFTER the names rows they log were written.
CREATE TABLE relay_position (
    singleton         boolean  PRIMARY KEY DEFAULT true CHECK (singleton),
    published_through bigint   NOT NULL,
    gap_first         bigint[] NOT NULL DEFAULT '{}',
    gap_last          bigint[] NOT NULL DEFAULT '{}',
    gap_missed_before bigint[] NOT NULL DEFAULT '{}',
    CHECK (cardinality(gap_first) = cardinality(gap_last)
           AND cardinality(gap_first) = cardinality(gap_missed_before))
);

-- From the rows marked so far: through the highest visible id, with every id up to it that is not a
-- published row as a gap (pending rows, rolled-back ids, and any id a transaction still in progress
-- holds). A gap of ids that no longer exist costs the relay one index probe and is proven gone at once.
INSERT INTO relay_position (published_through, gap_first, gap_last, gap_missed_before)
WITH horizon AS (
    SELECT coalesce(max(id), 0) AS through FROM name_changes
), published AS (
    SELECT id, lag(id, 1, 0::bigint) OVER (ORDER BY id) AS previous
    FROM name_changes WHERE published_at IS NOT NULL
), bounds AS (
    SELECT id, previous FROM published
    UNION ALL
    SELECT through + 1, coalesce((SELECT max(id) FROM published), 0) FROM horizon
), gaps AS (
    SELECT previous + 1 AS first_id, id - 1 AS last_id FROM bounds WHERE id - previous > 1
)
SELECT (SELECT through FROM horizon),
       coalesce(array_agg(first_id ORDER BY first_id), '{}'),
       coalesce(array_agg(last_id ORDER BY first_id), '{}'),
       coalesce(array_agg(pg_snapshot_xmax(pg_current_snapshot())::text::bigint), '{}')
FROM gaps;

DROP INDEX name_changes_pending;
ALTER TABLE name_changes DROP COLUMN published_at;

-- What the relay has still to publish: the one definition for the relay, its metrics, the checker,
-- scripts/bench.sh and the tests. Read in one statement, position and rows come from one snapshot. The
-- lower id bound lets PostgreSQL walk the primary key from the lowest candidate, in order, and stop at a
-- LIMIT (plain subqueries: a CTE here made the planner sort every row above the bound instead).
CREATE VIEW name_changes_pending AS
SELECT c.*
FROM name_changes c
WHERE c.id >= (SELECT least((SELECT min(g) FROM unnest(gap_first) AS g), published_through + 1) FROM relay_position)
  AND (c.id > (SELECT published_through FROM relay_position)
       OR c.id <@ (SELECT range_agg(int8range(g.first_id, g.last_id, '[]'))
                   FROM relay_position, unnest(gap_first, gap_last) AS g(first_id, last_id)));

-- One row: without statistics the planner guesses hundreds and prices the subqueries above accordingly.
ANALYZE relay_position;
