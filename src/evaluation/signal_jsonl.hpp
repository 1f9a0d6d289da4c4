// evaluation/signal_jsonl: the signal export format of shared/docs/EVALUATION.md, one JSON
// object per line, written and read back. The field names, their order and their spellings
// are the contract an independent evaluator reads, so they live in one place (here).
//
// Field order: signal_id, symbol, timeframe, direction, confidence, entry_price, tp1, tp2,
// tp3, tp4, stop_loss, risk_reward_ratio, pattern_type, volume_confirmation,
// trend_alignment, market_regime, indicators, validation_metrics, timestamp, outcome,
// candle_open_time_ms.
//
// `timestamp` is written as the candle's close INSTANT, candle_open_time + the timeframe
// (a 12:00 15m candle -> "2024-03-01T12:15:00.000Z"), which is what the contract's example
// shows; it is not Binance's close_time (open + interval - 1 ms, "...12:14:59.999Z") and it
// is derived from candle_open_time_ms and timeframe rather than copied from
// Signal::timestamp, so every exporter writes the same text whatever a producer stored.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/signal.hpp"

namespace alphapulse::evaluation {

// The field names in export order (tests pin them; the Python evaluator reads them).
inline constexpr std::string_view kSignalJsonlFields[] = {
    "signal_id",
    "symbol",
    "timeframe",
    "direction",
    "confidence",
    "entry_price",
    "tp1",
    "tp2",
    "tp3",
    "tp4",
    "stop_loss",
    "risk_reward_ratio",
    "pattern_type",
    "volume_confirmation",
    "trend_alignment",
    "market_regime",
    "indicators",
    "validation_metrics",
    "timestamp",
    "outcome",
    "candle_open_time_ms",
};

// The close instant of the signal's candle: candle_open_time + duration(timeframe).
core::TimestampMs candle_close_instant(const core::Signal& signal);

// One JSON object, no trailing newline. Numbers in shortest round-trip form, non-finite
// numbers as null, strings escaped; outcome as core::to_string spells it ("pending" until
// judged).
std::string to_jsonl(const core::Signal& signal);

// Reads one line written by to_jsonl (or by any exporter of the same format). Unknown
// fields are skipped; fields may come in any order. Required: signal_id, symbol,
// timeframe, direction, entry_price, tp1..tp4, stop_loss, candle_open_time_ms; the others
// keep Signal's defaults when absent (timestamp defaults to the candle's close instant).
// Names in pattern_type, indicators and validation_metrics are interned
// (evaluation/interned_names.hpp), so the returned Signal's views stay valid forever.
// On failure returns nullopt and, when `error` is not null, says why.
std::optional<core::Signal> parse_signal_jsonl(std::string_view line, std::string* error = nullptr);

}  // namespace alphapulse::evaluation
