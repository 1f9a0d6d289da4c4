#include "strategy/signal_pipeline.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <string_view>

#include "strategy/signal_id.hpp"

namespace alphapulse::strategy {

namespace {

// The indicator values a signal carries (and the engine caches per stream), by name, as a
// table read in one loop: it runs only when a signal is emitted, and 22 unrolled adds were
// 1.5 KB of code that evicted the per-candle code from the instruction cache each time.
struct SnapshotField {
  std::string_view name;
  std::size_t offset;  // of the double in ta::IndicatorValues
};
#define ALPHAPULSE_SNAPSHOT_FIELD(name, member) \
  SnapshotField {                               \
    name, offsetof(ta::IndicatorValues, member) \
  }
constexpr std::array<SnapshotField, 22> kSnapshotFields{{
    ALPHAPULSE_SNAPSHOT_FIELD("rsi14", rsi),
    ALPHAPULSE_SNAPSHOT_FIELD("macd", macd.macd),
    ALPHAPULSE_SNAPSHOT_FIELD("macd_signal", macd.signal),
    ALPHAPULSE_SNAPSHOT_FIELD("macd_hist", macd.histogram),
    ALPHAPULSE_SNAPSHOT_FIELD("atr14", atr.atr),
    ALPHAPULSE_SNAPSHOT_FIELD("natr14", atr.natr),
    ALPHAPULSE_SNAPSHOT_FIELD("adx14", directional.adx),
    ALPHAPULSE_SNAPSHOT_FIELD("plus_di14", directional.plus_di),
    ALPHAPULSE_SNAPSHOT_FIELD("minus_di14", directional.minus_di),
    ALPHAPULSE_SNAPSHOT_FIELD("bb_upper", bollinger.upper),
    ALPHAPULSE_SNAPSHOT_FIELD("bb_middle", bollinger.middle),
    ALPHAPULSE_SNAPSHOT_FIELD("bb_lower", bollinger.lower),
    ALPHAPULSE_SNAPSHOT_FIELD("ema20", ema_fast),
    ALPHAPULSE_SNAPSHOT_FIELD("ema50", ema_slow),
    ALPHAPULSE_SNAPSHOT_FIELD("mfi14", mfi),
    ALPHAPULSE_SNAPSHOT_FIELD("stoch_k", stochastic.slow_k),
    ALPHAPULSE_SNAPSHOT_FIELD("stoch_d", stochastic.slow_d),
    ALPHAPULSE_SNAPSHOT_FIELD("cci20", cci),
    ALPHAPULSE_SNAPSHOT_FIELD("willr14", williams_r),
    ALPHAPULSE_SNAPSHOT_FIELD("relative_volume", volume.relative_volume),
    ALPHAPULSE_SNAPSHOT_FIELD("trend_t", trend.t_statistic),
    ALPHAPULSE_SNAPSHOT_FIELD("trend_r2", trend.r_squared),
}};
#undef ALPHAPULSE_SNAPSHOT_FIELD

}  // namespace

void add_indicator_snapshot(const ta::IndicatorValues& v, core::NamedValues<24>& out) noexcept {
  const auto* const bytes = reinterpret_cast<const unsigned char*>(&v);
  for (const SnapshotField& field : kSnapshotFields) {
    double value;
    std::memcpy(&value, bytes + field.offset, sizeof value);
    out.add(field.name, value);
  }
}

SignalPipeline::SignalPipeline(const core::Symbol& symbol, core::Timeframe timeframe,
                               const PipelineSettings& settings)
    : indicators_(settings.indicators),
      higher_timeframe_(timeframe),
      swing_(settings.levels.swing_lookback),
      validator_(settings.validator),
      model_(settings.model),
      outcomes_(settings.enable_ml ? std::make_unique<CandidateOutcomeTracker>() : nullptr),
      symbol_(symbol),
      timeframe_(timeframe),
      settings_(settings) {
  hot_.indicator_warmup = indicators_.warmup();
  hot_.enable_regime_detection = settings.enable_regime_detection;
  hot_.enable_ml = settings.enable_ml;
}

const Decision& SignalPipeline::on_closed_candle(const core::Candle& c) noexcept {
  decision_.out_of_order = false;
  decision_.has_candidate = false;
  decision_.emitted = false;
  decision_.model_p_win = std::numeric_limits<double>::quiet_NaN();
  decision_.model_threshold = 0;
  if (c.open_time <= hot_.last_open_time) {
    decision_.out_of_order = true;
    ++ignored_;
    return decision_;
  }
  decision_.input = indicators_.update(c);
  if (decision_.input != ta::InputStatus::kAccepted) return decision_;  // nothing changed
  patterns_.apply(c);  // checked by indicators_.update
  regime_.apply(c);    // checked by indicators_.update
  higher_timeframe_.update(c);
  swing_.push(c.high, c.low);
  if (hot_.enable_ml) {
    // Outcomes this candle decides: the model learns from them before anything is scored.
    outcomes_->on_candle(c, [this](const ModelFeatures& x, bool win) { model_.learn(x, win); });
  }
  hot_.last_open_time = c.open_time;
  hot_.previous_macd_histogram = values_.macd_histogram;
  indicators_.decision_values(values_);
  const ta::DecisionValues& values = values_;
  decision_.regime = regime_.state();
  const std::int64_t index = hot_.candle_index++;

  const bool ready = indicators_.candles_seen() >= hot_.indicator_warmup &&
                     (!hot_.enable_regime_detection || regime_.ready());
  decision_.warming_up = !ready;
  if (!ready) return decision_;

  const EvidenceList evidence =
      collect_evidence({c, values, hot_.previous_macd_histogram, patterns_.values()});
  const core::MarketRegime regime =
      hot_.enable_regime_detection ? decision_.regime.regime : core::MarketRegime::kWeakTrend;
  const auto candidate = propose_candidate(regime, values.trend_t_statistic, evidence);
  if (!candidate) return decision_;
  // The setup of a signal still within its cooldown: the same trade again, no new candidate.
  if (validator_.repeats_signal(candidate->direction, index)) return decision_;

  const Levels levels = compute_levels(candidate->direction, c.close, values.atr, swing_.lowest(),
                                       swing_.highest(), settings_.levels);
  const double regime_confidence = hot_.enable_regime_detection ? decision_.regime.confidence : 0.5;
  Verdict verdict =
      validator_.judge({*candidate, levels, regime_confidence, higher_timeframe_.direction(),
                        values.relative_volume, values.rsi, index});
  if (hot_.enable_ml) apply_model(c, *candidate, levels, regime_confidence, verdict);
  decision_.has_candidate = true;
  decision_.candidate = *candidate;
  decision_.levels = levels;
  decision_.verdict = verdict;
  if (verdict.accepted) {
    build_signal(c, *candidate, levels, verdict, evidence);
    decision_.emitted = true;
  }
  return decision_;
}

void SignalPipeline::apply_model(const core::Candle& c, const Candidate& candidate,
                                 const Levels& levels, double regime_confidence,
                                 Verdict& verdict) noexcept {
  // Levels that make no trade (the validator's invalid_levels test) have no outcome to learn.
  if (!levels.make_a_trade()) return;
  const ta::DecisionValues& values = values_;
  const ModelFeatures x = candidate_features(
      {candidate, levels, verdict, regime_confidence, higher_timeframe_.direction(),
       values.relative_volume, values.rsi, values.trend_t_statistic, values.adx, c.close,
       values.bollinger.upper, values.bollinger.middle, values.bollinger.lower});
  const bool passed_hard_rules = verdict.accepted || verdict.reason == RejectionReason::kLowQuality;
  if (verdict.accepted) {
    decision_.model_p_win = model_.predict(x);
    if (model_.warm()) {
      decision_.model_threshold = model_.threshold();
      if (decision_.model_p_win < decision_.model_threshold) {
        validator_.overrule(verdict, RejectionReason::kLowModelScore);
      }
    }
  }
  if (!passed_hard_rules && !settings_.model.learn_from_hard_rejections) return;
  outcomes_->add({candidate.direction, levels.entry, levels.take_profits, levels.stop_loss}, x);
}

void write_candidate_fields(core::Signal& s, const core::Symbol& symbol, core::Timeframe timeframe,
                            const core::Candle& c, const Candidate& candidate, const Levels& levels,
                            const Verdict& verdict, core::MarketRegime regime) noexcept {
  s.signal_id = make_signal_id(symbol.view(), timeframe, c.open_time, candidate.direction);
  s.symbol = symbol;
  s.timeframe = timeframe;
  s.direction = candidate.direction;
  s.confidence = verdict.score;
  s.entry_price = levels.entry;
  s.take_profits = levels.take_profits;
  s.stop_loss = levels.stop_loss;
  s.risk_reward_ratio = levels.risk_reward_ratio;
  s.pattern_type = candidate.lead.name;
  s.volume_confirmation = verdict.volume_confirmation;
  s.trend_alignment = verdict.trend_alignment;
  s.market_regime = regime;
  // The close instant (open + interval), as EVALUATION.md's example shows.
  s.timestamp = c.open_time + core::duration(timeframe);
  s.candle_open_time = c.open_time;
  s.outcome = core::SignalOutcome::kPending;
}

void SignalPipeline::build_signal(const core::Candle& c, const Candidate& candidate,
                                  const Levels& levels, const Verdict& verdict,
                                  const EvidenceList& evidence) noexcept {
  core::Signal& s = decision_.signal;
  // Every field is assigned below, so the signal is not value-initialized first (that wrote
  // 1.2 KB per signal); the two value lists are emptied instead.
  s.indicators.clear();
  s.validation_metrics.clear();
  write_candidate_fields(
      s, symbol_, timeframe_, c, candidate, levels, verdict,
      settings_.enable_regime_detection ? decision_.regime.regime : core::MarketRegime::kWeakTrend);

  add_indicator_snapshot(indicators_.values(), s.indicators);

  s.validation_metrics.add("quality_score", verdict.score);
  s.validation_metrics.add("threshold", verdict.threshold);
  s.validation_metrics.add("confluence", verdict.confluence);
  s.validation_metrics.add("regime_fit", verdict.regime_fit);
  s.validation_metrics.add("higher_timeframe_fit", verdict.higher_timeframe_fit);
  s.validation_metrics.add("volume_fit", verdict.volume_fit);
  s.validation_metrics.add("risk_fit", verdict.risk_fit);
  s.validation_metrics.add("supporting_weight", candidate.supporting_weight);
  s.validation_metrics.add("opposing_weight", candidate.opposing_weight);
  s.validation_metrics.add("evidence_count", static_cast<double>(evidence.size()));
  s.validation_metrics.add("stop_atr_multiple", levels.stop_atr_multiple);
  s.validation_metrics.add("regime_confidence", decision_.regime.confidence);
  s.validation_metrics.add("higher_timeframe_direction",
                           static_cast<double>(higher_timeframe_.direction()));
  if (settings_.enable_ml) {
    s.validation_metrics.add("model_p_win", decision_.model_p_win);
    s.validation_metrics.add("model_threshold", decision_.model_threshold);
  }
}

}  // namespace alphapulse::strategy
