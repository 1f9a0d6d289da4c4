-- 0001_initial: signals and candles, the two tables every run writes.
-- Portable: this file runs unchanged on SQLite (>= 3.24) and PostgreSQL (>= 11).
-- Times: *_ms columns are Unix milliseconds (UTC) as BIGINT; *_at and `timestamp` columns
-- are ISO 8601 UTC text with milliseconds ("2024-03-01T12:15:00.000Z"), which sorts
-- lexicographically in time order on both databases.
-- indicators / validation_metrics are JSON objects {name: number} stored as TEXT.

CREATE TABLE IF NOT EXISTS signals (
  signal_id TEXT PRIMARY KEY,
  symbol TEXT NOT NULL,
  timeframe TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('long', 'short')),
  confidence DOUBLE PRECISION,
  entry_price DOUBLE PRECISION NOT NULL,
  tp1 DOUBLE PRECISION NOT NULL,
  tp2 DOUBLE PRECISION NOT NULL,
  tp3 DOUBLE PRECISION NOT NULL,
  tp4 DOUBLE PRECISION NOT NULL,
  stop_loss DOUBLE PRECISION NOT NULL,
  risk_reward_ratio DOUBLE PRECISION,
  pattern_type TEXT NOT NULL,
  volume_confirmation BOOLEAN NOT NULL,
  trend_alignment BOOLEAN NOT NULL,
  market_regime TEXT NOT NULL,
  indicators TEXT NOT NULL,
  validation_metrics TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  outcome TEXT NOT NULL DEFAULT 'pending'
    CHECK (outcome IN ('pending', 'win', 'loss', 'expired', 'open')),
  candle_open_time_ms BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  outcome_updated_at TEXT
);

-- recent_signals(): newest first.
CREATE INDEX IF NOT EXISTS idx_signals_candle_time ON signals (candle_open_time_ms);
-- pending_signals(symbol, timeframe): a partial index holds only the undecided signals.
CREATE INDEX IF NOT EXISTS idx_signals_pending
  ON signals (symbol, timeframe, candle_open_time_ms) WHERE outcome = 'pending';

CREATE TABLE IF NOT EXISTS candles (
  symbol TEXT NOT NULL,
  timeframe TEXT NOT NULL,
  open_time_ms BIGINT NOT NULL,
  close_time_ms BIGINT NOT NULL,
  open DOUBLE PRECISION NOT NULL,
  high DOUBLE PRECISION NOT NULL,
  low DOUBLE PRECISION NOT NULL,
  close DOUBLE PRECISION NOT NULL,
  volume DOUBLE PRECISION NOT NULL,
  -- NULL when the source does not carry them (the shared CSVs); Binance klines do.
  quote_volume DOUBLE PRECISION,
  trades BIGINT,
  taker_buy_base_volume DOUBLE PRECISION,
  taker_buy_quote_volume DOUBLE PRECISION,
  PRIMARY KEY (symbol, timeframe, open_time_ms)
);
