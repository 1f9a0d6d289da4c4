// engine/store_sink: writes signals, regime changes and (optionally) candles to the
// embedded SQLite store in one transaction per sink batch, on the sink thread. A failed write
// keeps the batch and retries it at the next flush: nothing is dropped because the database
// blinked; errors are counted and the latest is kept for the status line.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/alphapulse_core.hpp"
#include "store/sqlite_store.hpp"

namespace alphapulse::engine {

class StoreSink : public Sink {
 public:
  explicit StoreSink(store::SqliteStore& store) : store_(store) {}
  void on_signal(const StreamRef& ref, const core::Signal& s) override;
  void on_regime_change(const StreamRef& ref, const regime::RegimeChange& change) override;
  void on_closed_candle(const StreamRef& ref, const core::Candle& c) override;
  void flush() override;

  std::int64_t signals_stored() const { return signals_stored_; }
  std::int64_t write_errors() const { return write_errors_; }
  std::size_t pending() const { return signals_.size() + regimes_.size() + candles_.size(); }
  const std::string& last_error() const { return last_error_; }

 private:
  struct RegimeRow {
    feed::StreamSpec stream;
    regime::RegimeChange change;
  };
  struct CandleRow {
    feed::StreamSpec stream;
    core::Candle candle;
  };
  store::SqliteStore& store_;
  std::vector<core::Signal> signals_;
  std::vector<RegimeRow> regimes_;
  std::vector<CandleRow> candles_;
  std::int64_t signals_stored_ = 0;
  std::int64_t write_errors_ = 0;
  std::string last_error_;
};

}  // namespace alphapulse::engine
