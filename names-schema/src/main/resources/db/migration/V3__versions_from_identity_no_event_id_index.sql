-- A bulk import of a million names spent ~4 s of PostgreSQL time in two per-row costs that buy nothing:
--
-- 1. The BEFORE INSERT trigger that drew each new row's version (a plpgsql call per row). An identity
--    column draws it in C. GENERATED ALWAYS keeps the rule that only the sequence sets versions: a
--    version supplied by SQL is now refused with an error instead of silently replaced. Updates still
--    take a new version from the same sequence in names_assign_version(), so versions never repeat.
-- 2. The UNIQUE index on name_changes.event_id: gen_random_uuid() values (122 random bits) do not
--    collide in practice, nothing looks rows up by event id, and each insert into that index touched a
--    random page of it.
DROP TRIGGER names_version_on_insert ON names;

DO $$
DECLARE
    last bigint;
    called boolean;
BEGIN
    SELECT last_value, is_called INTO last, called FROM names_version_seq;
    DROP SEQUENCE names_version_seq;
    ALTER TABLE names ALTER COLUMN version ADD GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME names_version_seq);
    PERFORM setval('names_version_seq', last, called);
END
$$;

ALTER TABLE name_changes DROP CONSTRAINT name_changes_event_id_key;
