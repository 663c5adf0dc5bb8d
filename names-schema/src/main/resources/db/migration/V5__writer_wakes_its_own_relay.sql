-- A session with names.change_notify = off logs its changes without NOTIFY. The writer's pool connections
-- set it (the relay in the same process is woken after each commit, without PostgreSQL): a notifying commit
-- holds PostgreSQL's one notification-queue lock until its WAL flush is done, so notifying writes commit one
-- after another instead of sharing flushes, and each one also wakes the listener's backend. Every other
-- session (direct SQL, the bulk import, a writer built before this) still notifies, as before.

CREATE FUNCTION names_notify_relays() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('names.change_notify', true) IS DISTINCT FROM 'off' THEN
        PERFORM pg_notify('name_changes', '');
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION names_log_inserts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO name_changes (nconst, operation, version, old_birth_year, new_birth_year)
    SELECT n.nconst, 'CREATED', n.version, NULL, n.birth_year FROM inserted_names n;
    IF FOUND THEN
        PERFORM names_notify_relays();
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION names_log_updates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Joined on nconst: a row whose key changed has no partner, and is logged as a delete of the old
    -- name and a create of the new one. A row that did not change at all is not logged.
    INSERT INTO name_changes (nconst, operation, version, old_birth_year, new_birth_year)
    SELECT coalesce(n.nconst, o.nconst),
           CASE WHEN o.nconst IS NULL THEN 'CREATED' WHEN n.nconst IS NULL THEN 'DELETED' ELSE 'UPDATED' END,
           coalesce(n.version, o.version),
           o.birth_year,
           n.birth_year
    FROM old_names o FULL JOIN new_names n ON n.nconst = o.nconst
    WHERE o IS DISTINCT FROM n;
    IF FOUND THEN
        PERFORM names_notify_relays();
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION names_log_deletes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO name_changes (nconst, operation, version, old_birth_year, new_birth_year)
    SELECT o.nconst, 'DELETED', o.version, o.birth_year, NULL FROM deleted_names o;
    IF FOUND THEN
        PERFORM names_notify_relays();
    END IF;
    RETURN NULL;
END
$$;
