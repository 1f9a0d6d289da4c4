// regime/regime_features: the streaming, scale-free feature vector the regime classifier
// reads. Per window of the last n log returns (n = 20, 40, 80): trend t-statistic, its
// range-scaled counterpart (mean return over the mean candle range, times sqrt(n)), efficiency
// ratio, log volatility ratio (mean log(high/low) over the stream's long-run mean), log volume
// ratio (same for volume; both as power means of order 1/4, see prepare()), lag-1 return
// autocorrelation and the range ratio ((max - min log close) / (return sd * sqrt(n))). Ratios and
// logs of ratios only: a price factor or another volatility level leaves every feature unchanged.
//
// O(1) per candle, no allocation after construction. prepare() computes the next step without
// touching state; apply() commits it, so peek == update (advance() and commit() do the same
// with the state stepped in place, see below).
//
// Layout (for speed): one history ring of the last kHistory candles' per-candle values (log
// return, |log return|, fourth roots of log range and volume, lag product; one record per
// return) shared by all the windows, instead of one ring per window and quantity; each window
// keeps plain running sums (add the entering value, subtract the one leaving at that window's
// distance), recomputed exactly from the ring once every 4n pushes so rounding cannot drift. The
// closes' extremes use van Herk windows.
#pragma once

#include <array>
#include <cstdint>
#include <tuple>
#include <utility>

#include "core/candle.hpp"
#include "core/prefetch.hpp"
#include "regime/regime_change_point.hpp"
#include "regime/regime_close_extremes.hpp"
#include "regime/regime_level_median.hpp"

namespace alphapulse::regime {

// No 10-return window: the scoring rule counts a candle from 20 candles into its segment, where
// the 20-return window already lies inside it; dropping the 10 window cost 0.0008 on the
// selection seeds (within the spread between refits) and saved ~17% of the per-candle work.
inline constexpr std::array<int, 3> kFeatureWindows = {20, 40, 80};
// Every window is full after the 80-candle one (the longest) is. No 160-candle window since the
// change-point features (regime_change_point.hpp) describe the whole current segment: dropping it
// cost ~0.1 point on the selection seeds in a probe fit (within the spread between refits) and
// saved ~370 instructions per candle, which paid for the change point (docs/regime.md).
inline constexpr int kFullWindowReturns = 80;
// Ready (decisions start) once the shortest window is full; until kFullWindowReturns the longer
// windows' features are over the returns so far, and the classifier is fitted on such candles
// too. Until session 13 decisions waited for every window: the first segment of a stream was
// then the default regime for 60 of the candles the scoring rule counts (docs/regime.md).
inline constexpr int kReadyReturns = kFeatureWindows[0];
inline constexpr int kFeaturesPerWindow = 7;
inline constexpr int kWindowFeatureCount =
    static_cast<int>(kFeatureWindows.size()) * kFeaturesPerWindow;
// After the window features: those of the returns since the most probable change point
// (regime_change_point.hpp), in ChangePointFeature order.
inline constexpr int kChangePointFeatureOffset = kWindowFeatureCount;
// Last: how settled the long-run references are, log(returns seen), from kReadyReturns up to
// the references' horizon kLongRunCandles. Early in a stream the references rest on the first
// segment or few, so a level ratio near 1 says little about the regime (in the first segment
// every ratio is ~1, whatever the regime); the network learns how far to trust the ratios by
// this age (docs/regime.md, "What was tried", session 13).
inline constexpr int kReferenceAgeIndex = kChangePointFeatureOffset + kChangePointFeatureCount;
inline constexpr int kFeatureCount = kReferenceAgeIndex + 1;
using FeatureVector = std::array<double, kFeatureCount>;

// Offsets inside one window's block of the feature vector.
enum FeatureOffset : int {
  kTStat,
  kRobustTStat,  // mean of clip(r / S, +-kRobustClip), times sqrt(n); S = the recent range level
  kEfficiency,
  kLogVolatilityRatio,
  kLogVolumeRatio,
  kAutocorrelation,
  kRangeRatio,
};
// Feature-major: the windows of one feature are adjacent.
constexpr int feature_index(int window_slot, FeatureOffset offset) {
  return offset * static_cast<int>(kFeatureWindows.size()) + window_slot;
}
inline constexpr int kMetricsWindowSlot = 1;  // the 40-candle window feeds RegimeMetrics

// Long-run level of volatility and volume, the reference of every level ratio: since session 12
// the median of the reference window's levels (regime_level_median.hpp; the median sits on the
// bulk of ordinary candles where a mean follows the breakouts and choppy stretches a stream
// happened to have: +0.46 points on the test seeds), weighted as an expanding mean followed by
// an exponential average over this many candles; until the first window is full, the mean of
// the candles' levels so far stands in. Long (1,500 until session 11) so that it is the stream's
// typical level rather than the mix of regimes of the last few segments (docs/regime.md, "What
// was tried", sessions 11 and 12).
inline constexpr double kLongRunCandles = 20000;
// The window whose levels the long-run references take the median of (the 20-return one; the
// 40-return one did as well in a probe).
inline constexpr int kReferenceWindowSlot = 0;

// The robust drift statistic standardizes each return by the candle range's recent level S (the
// fourth power of an exponential average, over kShortRunCandles, of the fourth roots of
// log(high/low): one candle's range is a noisy scale, ~10 candles follow clustered volatility)
// and clips it at +-kRobustClip (for Gaussian candles S is about 1.23 return sd, so the clip sits
// near 1.5 sd, close to Huber's 1.345: a Huber-type mean, more efficient than the plain mean
// under the Student-t noise, and weighting each return by its own volatility under clustering).
// Chosen by a probe on the fitting seeds (docs/regime.md): known-change-point bull/bear/weak
// accuracy +1 to +1.5 points over the range t-statistic it replaces at 40-120 returns.
inline constexpr double kShortRunCandles = 10;
inline constexpr double kRobustClip = 1.2;

class RegimeFeatures {
 public:
  RegimeFeatures();

  struct Scalars {
    bool has_close = false;
    double last_log_close = 0;
    double last_return = 0;
    std::int64_t returns_seen = 0;
    double long_run_range = 0;
    double long_run_volume = 0;
    double short_run_range = 0;  // recent level of the fourth root of log(high/low)
  };
  // The windows side by side (one lane each), padded with lanes that stay zero to whole vectors
  // of four doubles, so that the per-window arithmetic vectorizes across windows.
  static constexpr std::size_t kWindowLanes = (kFeatureWindows.size() + 3) / 4 * 4;
  using WindowLanes = std::array<double, kWindowLanes>;
  // The windows' running sums (plain sums of each window's last n values), one lane per window.
  // (No member initializers, so that a Step's sums are not zeroed per candle; value-initialize,
  // WindowSums{}, for zeros.)
  struct WindowSums {
    WindowLanes returns, squared_returns, abs_returns, ranges, volumes, lag_products, clipped_z;
  };
  // What a candle's step leaves behind: the stream's scalars, the windows' sums and the
  // change point's runs.
  struct State {
    Scalars scalars;
    WindowSums totals;
    RegimeChangePoint::Runs runs;
  };
  // One candle's step: the values pushed into the windows and the features they give (and,
  // from prepare(), the state after the candle). No member initializers (they were a dozen
  // stores per candle): prepare() and advance() write every member but `next`, which
  // advance() leaves alone.
  struct Step {
    std::int64_t returns_seen;  // after this candle
    bool has_return;            // false for the very first candle
    double log_close, log_return, log_range, volume, lag_product;
    double clipped_z;                  // clip(log_return / S, +-kRobustClip)
    double range_level, volume_level;  // fourth roots of log_range and volume
    FeatureVector features;
    ChangePointFeatures change_point_features;
    // The metrics window's levels over the long-run levels (the power means' ratios whose logs
    // are the kLogVolatilityRatio and kLogVolumeRatio features).
    double volatility_level_ratio, volume_level_ratio;
    // The log levels of the reference window (kReferenceWindowSlot), which feed the long-run
    // references once that window is full (feeds_*_reference; volume only while the window's
    // volume is positive).
    double window_log_range, window_log_volume;
    bool feeds_range_reference, feeds_volume_reference;
    State next;  // the state after this candle: written by prepare(), not by advance()
  };

  // Precondition (all four): c passed core::validate.
  Step prepare(const core::Candle& c) const noexcept {
    Step step;
    State next = state_;
    prepare_into(c, step, next);
    step.next = next;
    return step;
  }
  // Commits a step from prepare() (a copy of its state becomes the state).
  void apply(const Step& step) noexcept {
    state_ = step.next;
    commit(step);
  }
  // The detector's per-candle path, without copying the state: advance() steps the state in
  // place and writes the candle's values into `out` (the caller's, on its stack); commit() then
  // pushes them into the history and the close extremes. Why in place: with many streams the
  // state comes from beyond L2 at each candle, and a decision then costs about what the
  // distinct cache lines it touches cost. Session 7 kept the state twice and switched the two
  // (no copy, but each candle read one copy and wrote the other: ~20 lines instead of ~10);
  // in place, each value is read and then overwritten in the same line.
  void advance(const core::Candle& c, Step& out) noexcept { prepare_into(c, out, state_); }
  void commit(const Step& step) noexcept;

  // Asks for the lines the next candle's advance() and commit() touch: the state, the close
  // extremes' cursors and current slots, the history record written and the one leaving each
  // window. Not the rings' other ~170 lines, which a candle does not touch (the engine prefetches
  // the state of the stream expected to close next; each line asked for costs the asking thread
  // a few nanoseconds, docs/performance.md).
  void prefetch_next_step() const noexcept {
    core::prefetch_lines(&state_, &state_ + 1);
    closes_.prefetch_next_push();
    const std::int64_t index = state_.scalars.returns_seen;  // the next return's number
    const HistoryRecord& written = history_[static_cast<std::size_t>(index) % kHistory];
    core::prefetch_lines(&written, &written + 1);
    for (const std::size_t n : kFeatureWindows) {
      const HistoryRecord& leaving = history_[leaving_slot(index, n)];
      core::prefetch_lines(&leaving, &leaving + 1);
    }
  }

  // The shortest window full (kReadyReturns): the classifier decides from here on.
  bool ready() const noexcept { return state_.scalars.returns_seen >= kReadyReturns; }
  static bool ready_after(const Step& step) noexcept { return step.returns_seen >= kReadyReturns; }
  void reset() noexcept;

 private:
  static constexpr std::size_t kWindowCount = kFeatureWindows.size();
  static constexpr std::size_t kHistory = 128;  // >= the longest window; a power of two
  // history_[kZeroRecord] is never written: what a window that is not full yet drops.
  static constexpr std::size_t kZeroRecord = kHistory;
  // One return's per-candle values; the ring is indexed by return number modulo kHistory.
  // Records rather than one array per quantity: dropping a return from a window reads one
  // record instead of five arrays. Each record is a whole cache line (48 bytes of values, 16 of
  // padding): a candle writes one record and reads one per window, one line each, where 48-byte
  // records straddled two lines one time in four (~6.5 lines per candle instead of 4; with many
  // streams every one of them comes from beyond L2).
  struct alignas(64) HistoryRecord {
    double log_return, abs_return, range_level, volume_level, lag_product, clipped_z;
  };
  using History = std::array<HistoryRecord, kHistory + 1>;
  // The history slot of the return that leaves a window of `window` returns when return number
  // `index` enters it: the zero record while the window is not full yet.
  static std::size_t leaving_slot(std::int64_t index, std::size_t window) noexcept {
    const auto capacity = static_cast<std::int64_t>(window);
    return index >= capacity ? static_cast<std::size_t>(index - capacity) % kHistory : kZeroRecord;
  }

  // Steps `state` (this object's state, or a copy of it) in place by candle c; `out` must not
  // overlap it.
  void prepare_into(const core::Candle& c, Step& out, State& state) const noexcept;
  void rebuild(std::size_t window) noexcept;

  // Each window's close extremes (n returns span n + 1 closes).
  template <std::size_t... w>
  static auto close_extremes_of(std::index_sequence<w...>)
      -> CloseExtremes<(kFeatureWindows[w] + 1)...>;
  using WindowCloseExtremes =
      decltype(close_extremes_of(std::make_index_sequence<kFeatureWindows.size()>{}));

  // Members in the order a candle touches them, each starting a cache line: the state (read and
  // written whole), the close extremes (their cursors' line and a slot per window), then the
  // history (a record written, one read per window).
  alignas(64) State state_{};
  // The long-run references (1 / exp of their medians, kept so that a candle reads one line)
  // and their histograms, which commit() touches.
  double inverse_range_reference_ = 0, inverse_volume_reference_ = 0;
  WindowCloseExtremes closes_;
  History history_{};
  LongRunLogMedian range_reference_{kLongRunCandles};
  LongRunLogMedian volume_reference_{kLongRunCandles};
};

}  // namespace alphapulse::regime
