-- The relay stops marking each published row. `UPDATE name_changes SET published_at = now()` per row was
-- most of PostgreSQL's cost per change in a drain (~10 µs a row: a new tuple, entries in both partial
-- indexes, WAL, later vacuum; never HOT, because published_at is in the indexes' predicates). Instead the
-- relay keeps ONE row, its publication position, and updates it once per cycle:
--
--   every change id <= published_through has been published, except the rows in a gap written by one of
--   the gap's holders.
--
-- Ids do not order commits: a transaction can take id 10 and commit after the transaction with id 11 was
-- published. A cycle records the ids below the highest it published that its snapshot could not see as a
-- gap [first, last], held by the transactions in progress in that snapshot: only they can still commit
-- one of those ids. That needs a transaction to have its transaction id before it takes a change id,
-- which holds because only the change-log triggers insert here, AFTER the names rows they log were
-- written. Each row records its (top-level) transaction in written_by, so a gap's rows written by anyone
-- else (published already) are told apart; not xmin, which is a subtransaction's id when the row was
-- written after a SAVEPOINT (psql's ON_ERROR_ROLLBACK, PL/pgSQL exception blocks), and snapshots list
-- only top-level ones. Gaps are stored flattened: gap i holds the next gap_holder_count[i] entries of
-- gap_holders (64-bit transaction ids). See PublicationPosition.
CREATE TABLE relay_position (
    singleton         boolean  PRIMARY KEY DEFAULT true CHECK (singleton),
    published_through bigint   NOT NULL,
    gap_first         bigint[] NOT NULL DEFAULT '{}',
    gap_last          bigint[] NOT NULL DEFAULT '{}',
    gap_holder_count  int[]    NOT NULL DEFAULT '{}',
    gap_holders       bigint[] NOT NULL DEFAULT '{}',
    CHECK (cardinality(gap_first) = cardinality(gap_last)
           AND cardinality(gap_first) = cardinality(gap_holder_count))
);

-- Writers wait from here to the migration's commit: with no transaction holding an uncommitted change
-- row (EXCLUSIVE conflicts with the lock every insert takes before it draws an id), every id at or below
-- the highest one is either a row or will never be one, so the position starts without gaps: published
-- through the row before the oldest pending one (rows above it published already are sent once more:
-- duplicates, which at-least-once allows).
LOCK TABLE name_changes IN EXCLUSIVE MODE;

INSERT INTO relay_position (published_through)
SELECT coalesce((SELECT min(id) - 1 FROM name_changes WHERE published_at IS NULL),
                (SELECT max(id) FROM name_changes), 0);

DROP INDEX name_changes_pending;
ALTER TABLE name_changes DROP COLUMN published_at;
-- Existing rows keep NULL: the position starts without gaps, so no gap holds them.
ALTER TABLE name_changes ADD COLUMN written_by xid8;
ALTER TABLE name_changes ALTER COLUMN written_by SET DEFAULT pg_current_xact_id();

-- What the relay has still to publish, as the relay reads it: the rows above the position, and the rows
-- in a gap written by any gap's holder. That is a superset where gaps' holders differ; the relay keeps
-- only each gap's own (PublicationPosition#pending), and the others here are rows already published by a
-- transaction that holds another gap, only for as long as it does. The one definition for the
-- relay, its metrics, the checker, scripts/bench.sh and the tests. The lower id bound lets PostgreSQL walk
-- the primary key from the lowest candidate, in order, and stop at a LIMIT (plain subqueries: a CTE here
-- made the planner sort every row above the bound instead).
CREATE VIEW name_changes_pending AS
SELECT c.*
FROM name_changes c
WHERE c.id >= (SELECT least((SELECT min(g) FROM unnest(gap_first) AS g), published_through + 1) FROM relay_position)
  AND (c.id > (SELECT published_through FROM relay_position)
       OR (c.id <@ (SELECT range_agg(int8range(g.first_id, g.last_id, '[]'))
                    FROM relay_position, unnest(gap_first, gap_last) AS g(first_id, last_id))
           AND c.written_by::text::bigint = ANY (SELECT unnest(gap_holders) FROM relay_position)));

-- One row: without statistics the planner guesses hundreds and prices the subqueries above accordingly.
ANALYZE relay_position;
