#include "engine/store_sink.hpp"

namespace alphapulse::engine {

void StoreSink::on_signal(const StreamRef&, const core::Signal& s) { signals_.push_back(s); }

void StoreSink::on_regime_change(const StreamRef& ref, const regime::RegimeChange& change) {
  regimes_.push_back({*ref.spec, change});
}

void StoreSink::on_closed_candle(const StreamRef& ref, const core::Candle& c) { candles_.push_back({*ref.spec, c}); }

void StoreSink::flush() {
  if (pending() == 0) return;
  auto fail = [this](const store::Error& e) {
    ++write_errors_;
    last_error_ = e.message;
    store_.rollback();  // keep the batch; the next flush retries it
  };
  if (auto st = store_.begin(); !st.ok()) return fail(st.error());
  const auto inserted = store_.insert_signals(signals_);
  if (!inserted.ok()) return fail(inserted.error());
  for (const auto& row : regimes_) {
    const regime::RegimeChange one[] = {row.change};
    if (auto r = store_.insert_regime_changes(row.stream.symbol.view(), row.stream.timeframe, one); !r.ok()) {
      return fail(r.error());
    }
  }
  for (const auto& row : candles_) {
    const core::Candle one[] = {row.candle};
    if (auto r = store_.upsert_candles(row.stream.symbol.view(), row.stream.timeframe, one); !r.ok()) {
      return fail(r.error());
    }
  }
  if (auto st = store_.commit(); !st.ok()) return fail(st.error());
  signals_stored_ += static_cast<std::int64_t>(*inserted);
  signals_.clear();
  regimes_.clear();
  candles_.clear();
}

}  // namespace alphapulse::engine
