-- The source of truth: one row per person, IMDB name.basics shaped.
CREATE TABLE names (
    nconst              varchar(12)  PRIMARY KEY CHECK (nconst ~ '^nm[0-9]{7,10}$'),
    primary_name        varchar(500) NOT NULL CHECK (length(btrim(primary_name)) > 0),
    birth_year          smallint,
    death_year          smallint,
    primary_professions text[]       NOT NULL DEFAULT '{}',
    known_for_titles    text[]       NOT NULL DEFAULT '{}',
    version             bigint       NOT NULL
);

-- Birth-year lists are keyset-paginated by nconst.
CREATE INDEX names_birth_year_nconst ON names (birth_year, nconst);

-- Versions come from one sequence, not old+1: they never repeat, even when a name is deleted and
-- created again, so an ETag or a reader's minVersion can never match a different incarnation.
CREATE SEQUENCE names_version_seq;

CREATE FUNCTION names_assign_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := nextval('names_version_seq');
    RETURN NEW;
END
$$;

CREATE TRIGGER names_version_on_insert BEFORE INSERT ON names
    FOR EACH ROW EXECUTE FUNCTION names_assign_version();
-- An UPDATE that changes nothing is not a change: no new version, and (below) no event.
CREATE TRIGGER names_version_on_update BEFORE UPDATE ON names
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION names_assign_version();

-- The change log (transactional outbox). Rows are written by triggers, in the transaction of the change
-- itself: a change through the API, the bulk import, or an operator's SQL is logged exactly when it
-- commits, and a rollback leaves nothing. names-writer's relay publishes pending rows to Kafka.
CREATE TABLE name_changes (
    id             bigserial   PRIMARY KEY,
    event_id       uuid        NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    nconst         varchar(12) NOT NULL,
    operation      varchar(7)  NOT NULL CHECK (operation IN ('CREATED', 'UPDATED', 'DELETED')),
    version        bigint      NOT NULL,
    old_birth_year smallint,
    new_birth_year smallint,
    committed_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    published_at   timestamptz
);

CREATE INDEX name_changes_pending ON name_changes (id) WHERE published_at IS NULL;
CREATE INDEX name_changes_published_at ON name_changes (published_at) WHERE published_at IS NOT NULL;

CREATE FUNCTION names_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO name_changes (nconst, operation, version, old_birth_year, new_birth_year)
        VALUES (NEW.nconst, 'CREATED', NEW.version, NULL, NEW.birth_year);
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO name_changes (nconst, operation, version, old_birth_year, new_birth_year)
        VALUES (OLD.nconst, 'DELETED', OLD.version, OLD.birth_year, NULL);
    ELSIF NEW.nconst <> OLD.nconst THEN
        -- Renaming the key is a delete of the old name and a create of the new one.
        INSERT INTO name_changes (nconst, operation, version, old_birth_year, new_birth_year)
        VALUES (OLD.nconst, 'DELETED', OLD.version, OLD.birth_year, NULL),
               (NEW.nconst, 'CREATED', NEW.version, NULL, NEW.birth_year);
    ELSE
        INSERT INTO name_changes (nconst, operation, version, old_birth_year, new_birth_year)
        VALUES (NEW.nconst, 'UPDATED', NEW.version, OLD.birth_year, NEW.birth_year);
    END IF;
    -- Wakes the relay at commit; identical notifications in one transaction are folded into one.
    PERFORM pg_notify('name_changes', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER names_log_insert_or_delete AFTER INSERT OR DELETE ON names
    FOR EACH ROW EXECUTE FUNCTION names_log_change();
CREATE TRIGGER names_log_update AFTER UPDATE ON names
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION names_log_change();

-- TRUNCATE fires no row triggers, so it would remove names without logging a single invalidation.
CREATE FUNCTION names_forbid_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'TRUNCATE names would skip the change log; use DELETE FROM names';
END
$$;

CREATE TRIGGER names_no_truncate BEFORE TRUNCATE ON names
    FOR EACH STATEMENT EXECUTE FUNCTION names_forbid_truncate();
