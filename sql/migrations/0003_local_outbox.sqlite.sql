-- 0003_local_outbox (SQLite only): the durable outbox of the local journal.
-- When PostgreSQL and/or Redis are configured, the engine still commits every signal, regime
-- change, candle and outcome to the local SQLite file first, and in the SAME transaction
-- appends one outbox row per remote destination ('postgres', 'redis'). A relay thread per
-- destination delivers rows in seq order and deletes them only after the destination has
-- acknowledged them, so a backend that is down, slow or restarted loses nothing: the rows
-- wait here, across process restarts too. Delivery is idempotent at the destination
-- (ON CONFLICT on signal_id; a Redis dedup key), so a row delivered twice (crash between the
-- remote commit and the local delete) is still stored and published once.
-- PostgreSQL never holds an outbox (it is a destination), hence no postgres variant.
-- Rows name their item by natural key; the item itself is read from the local tables.

CREATE TABLE IF NOT EXISTS outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  destination TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('signal', 'regime_change', 'candle', 'outcome')),
  signal_id TEXT,          -- signal, outcome
  symbol TEXT,             -- regime_change, candle
  timeframe TEXT,          -- regime_change, candle
  time_ms BIGINT,          -- regime_change: candle_time_ms; candle: open_time_ms; outcome: decided at
  outcome TEXT,            -- outcome
  run_id TEXT NOT NULL,    -- the process run that enqueued it (publish latency is only
  receive_ns BIGINT,       -- measured within that run: receive_ns is a steady-clock reading)
  enqueued_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);

CREATE INDEX IF NOT EXISTS idx_outbox_destination ON outbox (destination, seq);

-- Rows a destination refused permanently (not a transient outage): kept, never silently
-- dropped, counted in the status line and listed by operators (docs/operations.md).
CREATE TABLE IF NOT EXISTS outbox_dead_letters (
  seq INTEGER PRIMARY KEY,
  destination TEXT NOT NULL,
  kind TEXT NOT NULL,
  signal_id TEXT,
  symbol TEXT,
  timeframe TEXT,
  time_ms BIGINT,
  outcome TEXT,
  error TEXT NOT NULL,
  failed_at TEXT NOT NULL
);
