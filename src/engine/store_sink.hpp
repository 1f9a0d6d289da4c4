// engine/store_sink: the local journal. On the sink thread, writes signals, regime changes,
// candles and live outcomes to the embedded SQLite store in one transaction per sink batch,
// and in the SAME transaction appends outbox rows for every remote destination configured
// (PostgreSQL, Redis: delivered by DeliveryRelay threads). So an item is either stored
// locally and queued for every remote, or neither; a failed write keeps the whole batch and
// retries it at the next flush: nothing is dropped because a database blinked.
//
// Live outcomes: every stream's signals are tracked by a store::OutcomeTracker fed with the
// stream's closed candles (CoreOptions::forward_candles), which applies EVALUATION.md's
// rules; a decided signal's outcome (win/loss/expired) is updated in the same batch.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/alphapulse_core.hpp"
#include "store/local_outbox.hpp"
#include "store/outcome_tracker.hpp"
#include "store/sqlite_store.hpp"

namespace alphapulse::engine {

// A remote destination and the kinds of items it receives.
struct RemoteDestination {
  std::string name;  // outbox destination key: "postgres", "redis"
  bool signals = true;
  bool regime_changes = true;
  bool candles = false;
  bool outcomes = false;
};

struct StoreSinkOptions {
  std::vector<RemoteDestination> remotes;
  std::string run_id = store::make_run_id();
  bool store_candles = true;   // keep closed candles in the local candles table
  bool track_outcomes = true;  // needs the engine's forward_candles
  // Pending signals per stream (refusals counted). A stream emits at most one signal per
  // candle and each is decided within kOutcomeWindow candles of it, so at most
  // kOutcomeWindow are ever pending when the next is added: this never refuses, and 300
  // streams' trackers take ~12 MB instead of the ~60 MB that 1024 reserved.
  std::size_t max_tracked_per_stream = evaluation::kOutcomeWindow + 1;
  std::function<void()> after_commit;  // e.g. wake the delivery relays
};

class StoreSink : public Sink {
 public:
  explicit StoreSink(store::SqliteStore& store, StoreSinkOptions options = {});
  void on_signal(const StreamRef& ref, const core::Signal& s) override;
  void on_regime_change(const StreamRef& ref, const regime::RegimeChange& change) override;
  void on_closed_candle(const StreamRef& ref, const core::Candle& c) override;
  void flush() override;

  // Before the engine starts: every signal the journal still holds as pending (an earlier run
  // stopped before its outcome was known) is tracked again on its stream, so the candles of
  // this run (the warm-up history first) decide it. Returns how many were resumed.
  store::Result<std::size_t> resume_pending_outcomes(const std::vector<feed::StreamSpec>& streams);

  std::int64_t signals_stored() const { return signals_stored_; }
  std::int64_t outcomes_decided() const { return outcomes_decided_; }
  std::uint64_t outcomes_refused() const;  // trackers full: those signals stay pending
  // Resumed signals whose next candle this run never saw (stopped too long): stay pending.
  std::uint64_t outcomes_unjudgeable() const;
  std::int64_t write_errors() const { return write_errors_; }
  std::size_t pending() const {
    return signals_.size() + regimes_.size() + candles_.size() + outcomes_.size();
  }
  const std::string& last_error() const { return last_error_; }

 private:
  struct SignalRow {
    core::Signal signal;
    std::int64_t receive_ns;
  };
  struct RegimeRow {
    feed::StreamSpec stream;
    regime::RegimeChange change;
    std::int64_t receive_ns;
  };
  struct CandleRow {
    feed::StreamSpec stream;
    core::Candle candle;
  };

  store::OutcomeTracker& tracker_of(feed::StreamId id);
  store::Status write_batch();

  store::SqliteStore& store_;
  StoreSinkOptions options_;
  store::LocalOutbox outbox_;
  std::vector<std::unique_ptr<store::OutcomeTracker>> trackers_;  // by stream id
  std::vector<SignalRow> signals_;
  std::vector<RegimeRow> regimes_;
  std::vector<CandleRow> candles_;
  std::vector<store::OutcomeUpdate> outcomes_;
  std::int64_t batch_inserted_ = 0;
  std::int64_t signals_stored_ = 0;
  std::int64_t outcomes_decided_ = 0;
  std::int64_t write_errors_ = 0;
  std::string last_error_;
};

}  // namespace alphapulse::engine
