-- 0003_local_outbox (PostgreSQL variant): intentionally empty.
-- The outbox belongs to the engine's local SQLite journal (see 0003_local_outbox.sqlite.sql);
-- PostgreSQL is one of the destinations it delivers to and never holds an outbox. The
-- version exists here so both dialects share one schema version number.
SELECT 1;
