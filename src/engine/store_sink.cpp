// engine/store_sink: see store_sink.hpp.
#include "engine/store_sink.hpp"

namespace alphapulse::engine {

StoreSink::StoreSink(store::SqliteStore& store, StoreSinkOptions options)
    : store_(store), options_(std::move(options)), outbox_(store.database(), options_.run_id) {}

store::OutcomeTracker& StoreSink::tracker_of(feed::StreamId id) {
  if (trackers_.size() <= id) trackers_.resize(id + 1);
  if (!trackers_[id])
    trackers_[id] = std::make_unique<store::OutcomeTracker>(options_.max_tracked_per_stream);
  return *trackers_[id];
}

std::uint64_t StoreSink::outcomes_refused() const {
  std::uint64_t n = 0;
  for (const auto& t : trackers_) n += t ? t->refused() : 0;
  return n;
}

std::uint64_t StoreSink::outcomes_unjudgeable() const {
  std::uint64_t n = 0;
  for (const auto& t : trackers_) n += t ? t->unjudgeable() : 0;
  return n;
}

store::Result<std::size_t> StoreSink::resume_pending_outcomes(
    const std::vector<feed::StreamSpec>& streams) {
  std::size_t resumed = 0;
  if (!options_.track_outcomes) return resumed;
  for (std::size_t id = 0; id < streams.size(); ++id) {
    auto pending = store_.pending_signals(streams[id].symbol.view(), streams[id].timeframe);
    if (!pending.ok()) return pending.error();
    for (const core::Signal& signal : *pending) {
      const auto added = tracker_of(static_cast<feed::StreamId>(id)).resume(signal);
      if (added == store::OutcomeTracker::AddResult::kAdded) ++resumed;
    }
  }
  return resumed;
}

void StoreSink::on_signal(const StreamRef& ref, const core::Signal& s) {
  signals_.push_back({s, ref.receive_ns});
  if (options_.track_outcomes) (void)tracker_of(ref.id).add(s);
}

void StoreSink::on_regime_change(const StreamRef& ref, const regime::RegimeChange& change) {
  regimes_.push_back({*ref.spec, change, ref.receive_ns});
}

void StoreSink::on_closed_candle(const StreamRef& ref, const core::Candle& c) {
  if (options_.store_candles) candles_.push_back({*ref.spec, c});
  if (!options_.track_outcomes) return;
  for (const store::OutcomeDecision& d : tracker_of(ref.id).on_candle(c))
    outcomes_.push_back(d.as_update());
}

store::Status StoreSink::write_batch() {
  batch_inserted_ = 0;
  if (auto st = store_.begin(); !st.ok()) return st;
  for (const auto& row : signals_) {
    const core::Signal one[] = {row.signal};
    const auto inserted = store_.insert_signals(one);
    if (!inserted.ok()) return inserted.error();
    if (*inserted == 0) continue;  // already stored (a replay of the same candle): queued then too
    ++batch_inserted_;
    for (const auto& remote : options_.remotes) {
      if (!remote.signals) continue;
      if (auto st =
              outbox_.enqueue_signal(remote.name, row.signal.signal_id.view(), row.receive_ns);
          !st.ok())
        return st;
    }
  }
  for (const auto& row : regimes_) {
    const regime::RegimeChange one[] = {row.change};
    const auto inserted =
        store_.insert_regime_changes(row.stream.symbol.view(), row.stream.timeframe, one);
    if (!inserted.ok()) return inserted.error();
    if (*inserted == 0) continue;
    for (const auto& remote : options_.remotes) {
      if (!remote.regime_changes) continue;
      if (auto st =
              outbox_.enqueue_regime_change(remote.name, row.stream.symbol.view(),
                                            row.stream.timeframe, row.change.time, row.receive_ns);
          !st.ok())
        return st;
    }
  }
  for (const auto& row : candles_) {
    const core::Candle one[] = {row.candle};
    if (auto r = store_.upsert_candles(row.stream.symbol.view(), row.stream.timeframe, one);
        !r.ok()) {
      return r.error();
    }
    for (const auto& remote : options_.remotes) {
      if (!remote.candles) continue;
      if (auto st = outbox_.enqueue_candle(remote.name, row.stream.symbol.view(),
                                           row.stream.timeframe, row.candle.open_time);
          !st.ok())
        return st;
    }
  }
  for (const auto& update : outcomes_) {
    const auto found = store_.update_outcome(update.signal_id.view(), update.outcome, update.time);
    if (!found.ok()) return found.error();
    if (!*found) continue;  // its signal is in this batch only if it was stored: see on_signal
    for (const auto& remote : options_.remotes) {
      if (!remote.outcomes) continue;
      if (auto st = outbox_.enqueue_outcome(remote.name, update.signal_id.view(), update.outcome,
                                            update.time);
          !st.ok())
        return st;
    }
  }
  return store_.commit();
}

void StoreSink::flush() {
  if (pending() == 0) return;
  if (auto st = write_batch(); !st.ok()) {
    ++write_errors_;
    last_error_ = st.error().message;
    store_.rollback();  // keep the batch; the next flush retries it
    return;
  }
  signals_stored_ += batch_inserted_;
  outcomes_decided_ += static_cast<std::int64_t>(outcomes_.size());
  signals_.clear();
  regimes_.clear();
  candles_.clear();
  outcomes_.clear();
  if (options_.after_commit) options_.after_commit();
}

}  // namespace alphapulse::engine
