// store/store_item: the records storage passes around: a regime change or a closed candle
// tagged with its stream, an outcome update, and StoreItem, a tagged union of one of those or
// a signal. Trivially copyable and fixed size, so they can cross rings bytewise; the delivery
// relays hand RegimeChangeRecord / CandleRecord / OutcomeUpdate batches to destinations.
#pragma once

#include <cstdint>
#include <type_traits>

#include "core/candle.hpp"
#include "core/fixed_string.hpp"
#include "core/signal.hpp"
#include "core/symbol.hpp"
#include "core/timeframe.hpp"
#include "regime/regime_state.hpp"

namespace alphapulse::store {

struct RegimeChangeRecord {
  core::Symbol symbol;
  core::Timeframe timeframe = core::Timeframe::k15m;
  regime::RegimeChange change;
};

struct CandleRecord {
  core::Symbol symbol;
  core::Timeframe timeframe = core::Timeframe::k15m;
  core::Candle candle;
};

struct OutcomeUpdate {
  core::FixedString<32> signal_id;
  core::SignalOutcome outcome = core::SignalOutcome::kPending;
  core::TimestampMs time;  // when it was decided (close of the deciding candle)
};

class StoreItem {
 public:
  enum class Kind : std::uint8_t { kSignal, kRegimeChange, kCandle, kOutcomeUpdate };

  StoreItem() : kind_(Kind::kSignal) {}
  static StoreItem of(const core::Signal& signal) {
    StoreItem item;
    item.kind_ = Kind::kSignal;
    item.u_.signal = signal;
    return item;
  }
  static StoreItem of(const RegimeChangeRecord& record) {
    StoreItem item;
    item.kind_ = Kind::kRegimeChange;
    item.u_.regime = record;
    return item;
  }
  static StoreItem of(const CandleRecord& record) {
    StoreItem item;
    item.kind_ = Kind::kCandle;
    item.u_.candle = record;
    return item;
  }
  static StoreItem of(const OutcomeUpdate& update) {
    StoreItem item;
    item.kind_ = Kind::kOutcomeUpdate;
    item.u_.outcome = update;
    return item;
  }

  Kind kind() const { return kind_; }
  // Each accessor requires the matching kind().
  const core::Signal& signal() const { return u_.signal; }
  const RegimeChangeRecord& regime_change() const { return u_.regime; }
  const CandleRecord& candle() const { return u_.candle; }
  const OutcomeUpdate& outcome_update() const { return u_.outcome; }

 private:
  // Every member is trivially copyable, so the union is; assigning a member of a trivially
  // copyable type begins its lifetime.
  union Payload {
    Payload() : signal() {}
    core::Signal signal;
    RegimeChangeRecord regime;
    CandleRecord candle;
    OutcomeUpdate outcome;
  };
  Kind kind_;
  Payload u_;
};
static_assert(std::is_trivially_copyable_v<StoreItem>);

}  // namespace alphapulse::store
