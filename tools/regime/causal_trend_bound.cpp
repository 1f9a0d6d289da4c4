// tools/regime/causal_trend_bound: how well could any detector that sees candles only up to now
// tell the three trend regimes apart on the generator's series? An upper bound by Monte Carlo,
// the causal counterpart of oracle_trend_bound.py (which is told where the segment began).
//
// The segment process is the generator's (shared/tools/regime_synth.py, src/regime/
// regime_generator.cpp): each regime is drawn uniformly from the five others than the one
// before, lengths uniform (strong trends and ranging 80-250, weak 80-200, breakout 20-60,
// choppy 60-150), per-candle drift in units of the segment's sigma: bull +U(0.25, 0.5), bear
// -U(0.25, 0.5), weak +-U(0.06, 0.15). The bound is generous to the detector in three ways:
//  - it is told every candle's volatility, so a return is its drift plus N(0, 1) noise (the
//    Gaussian cells; fat tails carry more information about the drift);
//  - ranging, breakout and choppy are taken as recognised perfectly, boundaries included, so it
//    knows whether the current candle belongs to a trend segment and where each run of
//    consecutive trend segments (a "trend block") began;
//  - inside a trend block it computes the exact posterior over every segmentation of the block
//    into trend segments: hidden semi-Markov forward recursion over (regime, start) with the
//    generator's length distributions, its no-repeat transitions and the drift's uniform prior
//    integrated out in closed form. It decides each candle by the regime most probable to be
//    both the truth and counted by the scoring rule (>= 20 candles into its segment), which is
//    the decision that maximizes the expected score.
// No causal detector can beat this decision on these series, so its accuracy bounds the six-
// regime accuracy any detector can reach in the Gaussian cells.
//
//   causal_trend_bound [--candles N] [--seed S] [--information I]
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/market_regime.hpp"
#include "regime/regime_generator.hpp"

namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();
// Drift per candle in units of the noise's sd is multiplied by this (--information I gives
// sqrt(I)): Gaussian noise with the Fisher information I per unit variance, as Student-t noise
// of 4 degrees of freedom has (I = 1.43), approximates the fat-tailed cells.
double g_drift_scale = 1.0;
constexpr int kWarmup = 20;  // the scoring rule counts a candle from 20 candles into its segment

// Regimes by core::MarketRegime's values, whose first three are the trends.
using alphapulse::core::MarketRegime;
constexpr int kBull = static_cast<int>(MarketRegime::kStrongTrendBull);
constexpr int kBear = static_cast<int>(MarketRegime::kStrongTrendBear);
constexpr int kWeak = static_cast<int>(MarketRegime::kWeakTrend);
static_assert(kBull == 0 && kBear == 1 && kWeak == 2, "the trends are the first three regimes");
constexpr int kTrendRegimes = 3;
constexpr int kRegimes = alphapulse::core::kMarketRegimeCount;

// The generator's segment lengths (uniform over [shortest, longest]).
struct Lengths {
  int shortest, longest;
};
Lengths lengths_of(int regime) {
  const auto range = alphapulse::regime::segment_length_range(static_cast<MarketRegime>(regime));
  return {static_cast<int>(range.shortest), static_cast<int>(range.longest)};
}

double log_add(double a, double b) {
  if (a == kNegInf) return b;
  if (b == kNegInf) return a;
  const double top = std::max(a, b);
  return top + std::log1p(std::exp(-std::abs(a - b)));
}

// log of the upper normal tail Q(z) = P(N(0,1) > z), accurate far into the tail.
double log_upper_tail(double z) {
  if (z < 5.0) return std::log(0.5 * std::erfc(z / std::sqrt(2.0)));
  const double z2 = z * z;
  return -0.5 * z2 - std::log(z) - 0.5 * std::log(2.0 * M_PI) +
         std::log1p(-1.0 / z2 + 3.0 / (z2 * z2) - 15.0 / (z2 * z2 * z2));
}

// log(Phi(upper) - Phi(lower)), upper > lower.
double log_normal_interval(double lower, double upper) {
  if (lower >= 0) {
    const double a = log_upper_tail(lower), b = log_upper_tail(upper);
    return a + std::log1p(-std::exp(b - a));
  }
  if (upper <= 0) return log_normal_interval(-upper, -lower);
  return std::log1p(-std::exp(log_upper_tail(upper)) - std::exp(log_upper_tail(-lower)));
}

// log of the marginal likelihood of n unit-variance Gaussian returns with sum `sum`, the drift
// uniform on [low, high], up to the factor (2 pi)^(-n/2) exp(-sum of squares / 2), which every
// segmentation of the same candles shares.
double log_uniform_drift(double sum, int n, double low, double high) {
  const double mean = sum / n, root_n = std::sqrt(static_cast<double>(n));
  return 0.5 * sum * mean + 0.5 * std::log(2.0 * M_PI / n) +
         log_normal_interval(root_n * (low - mean), root_n * (high - mean)) - std::log(high - low);
}

double log_segment_likelihood(int regime, double sum, int n) {
  const double k = g_drift_scale;
  switch (regime) {
    case kBull:
      return log_uniform_drift(sum, n, 0.25 * k, 0.5 * k);
    case kBear:
      return log_uniform_drift(sum, n, -0.5 * k, -0.25 * k);
    default:  // weak: either sign with probability one half
      return std::log(0.5) + log_add(log_uniform_drift(sum, n, 0.06 * k, 0.15 * k),
                                     log_uniform_drift(sum, n, -0.15 * k, -0.06 * k));
  }
}

struct Segment {
  int regime;
  int length;
  double drift;  // per candle, in units of sigma (trends only)
};

struct Tally {
  std::array<std::array<double, 6>, kRegimes> hits{}, counts{};
  double all_hits = 0, all_counted = 0;
  void add(int truth, int position, bool hit) {
    if (position < kWarmup) return;
    const int bucket = position < 40    ? 0
                       : position < 60  ? 1
                       : position < 80  ? 2
                       : position < 120 ? 3
                       : position < 160 ? 4
                                        : 5;
    counts[truth][bucket] += 1;
    hits[truth][bucket] += hit;
    all_counted += 1;
    all_hits += hit;
  }
};

// The exact causal posterior inside one trend block; returns each candle's decision.
std::vector<int> decide_block(const std::vector<double>& returns) {
  const int longest =
      std::max({lengths_of(kBull).longest, lengths_of(kBear).longest, lengths_of(kWeak).longest});
  const int block = static_cast<int>(returns.size());
  std::vector<double> prefix(block + 1, 0.0);
  for (int i = 0; i < block; ++i) prefix[i + 1] = prefix[i] + returns[i];
  // start[s][r]: log P(candles before s, a segment of regime r starts at s);
  // the first segment of the block follows a non-trend one, so any trend regime may start it.
  std::vector<std::array<double, kTrendRegimes>> start(block + 1);
  start[0].fill(std::log(1.0 / 5.0));
  std::vector<int> decision(block, kBull);
  for (int t = 0; t < block; ++t) {
    std::array<double, kTrendRegimes> ended{}, counted_now{};
    ended.fill(kNegInf);
    counted_now.fill(kNegInf);
    for (int r = 0; r < kTrendRegimes; ++r) {
      const auto [low, high] = lengths_of(r);
      const double log_len = -std::log(static_cast<double>(high - low + 1));
      for (int s = std::max(0, t - high + 1); s <= t; ++s) {
        if (start[s][r] == kNegInf) continue;
        const int n = t - s + 1;
        const double base = start[s][r] + log_segment_likelihood(r, prefix[t + 1] - prefix[s], n);
        if (n >= low) ended[r] = log_add(ended[r], base + log_len);
        if (n - 1 >= kWarmup) {
          // the segment is still on at t: its length is at least n
          const double survive = n <= low ? 0.0
                                          : std::log(static_cast<double>(high - n + 1) /
                                                     static_cast<double>(high - low + 1));
          counted_now[r] = log_add(counted_now[r], base + survive);
        }
      }
    }
    for (int r = 0; r < kTrendRegimes; ++r) {
      double other = kNegInf;
      for (int q = 0; q < kTrendRegimes; ++q)
        if (q != r) other = log_add(other, ended[q]);
      start[t + 1][r] = other + std::log(1.0 / 5.0);
    }
    // Keep the numbers in range: every hypothesis at t shares one normalizer.
    double norm = kNegInf;
    for (int r = 0; r < kTrendRegimes; ++r) norm = log_add(norm, start[t + 1][r]);
    for (int r = 0; r < kTrendRegimes; ++r) norm = log_add(norm, counted_now[r]);
    if (norm != kNegInf) {
      // Shift every start still to be read (the recursion is linear in them) by the same
      // amount; a start more than the longest trend segment back is never read again.
      for (int s = std::max(0, t + 1 - longest); s <= t + 1; ++s)
        for (double& v : start[s])
          if (v != kNegInf) v -= norm;
    }
    decision[t] = static_cast<int>(std::max_element(counted_now.begin(), counted_now.end()) -
                                   counted_now.begin());
  }
  return decision;
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t candles = 1'000'000;
  std::uint64_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--candles" && i + 1 < argc)
      candles = std::atoll(argv[++i]);
    else if (a == "--information" && i + 1 < argc)
      g_drift_scale = std::sqrt(std::atof(argv[++i]));
    else if (a == "--seed" && i + 1 < argc)
      seed = std::strtoull(argv[++i], nullptr, 10);
    else {
      std::fprintf(stderr,
                   "usage: causal_trend_bound [--candles N] [--seed S] [--information I]\n");
      return 2;
    }
  }
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> gauss(0.0, 1.0);
  std::vector<Segment> segments;
  std::int64_t made = 0;
  int previous = -1;
  while (made < candles) {
    int regime;
    do regime = static_cast<int>(unit(rng) * static_cast<double>(kRegimes));
    while (regime == previous || regime >= kRegimes);
    previous = regime;
    const auto [shortest, longest] = lengths_of(regime);
    const int length = shortest + static_cast<int>(unit(rng) * (longest - shortest + 1));
    double drift = 0;
    if (regime == kBull) drift = 0.25 + 0.25 * unit(rng);
    if (regime == kBear) drift = -(0.25 + 0.25 * unit(rng));
    if (regime == kWeak) drift = (unit(rng) < 0.5 ? 1 : -1) * (0.06 + 0.09 * unit(rng));
    segments.push_back({regime, length, drift});
    made += length;
  }
  Tally tally;
  for (std::size_t k = 0; k < segments.size();) {
    if (segments[k].regime >= kTrendRegimes) {  // recognised perfectly
      for (int p = 0; p < segments[k].length; ++p) tally.add(segments[k].regime, p, true);
      ++k;
      continue;
    }
    std::size_t end = k;
    std::vector<double> returns;
    std::vector<int> truth, position;
    while (end < segments.size() && segments[end].regime < kTrendRegimes) {
      for (int p = 0; p < segments[end].length; ++p) {
        returns.push_back(segments[end].drift * g_drift_scale + gauss(rng));
        truth.push_back(segments[end].regime);
        position.push_back(p);
      }
      ++end;
    }
    const std::vector<int> decision = decide_block(returns);
    for (std::size_t i = 0; i < returns.size(); ++i)
      tally.add(truth[i], position[i], decision[i] == truth[i]);
    k = end;
  }
  std::printf(
      "causal bound, %lld candles, seed %llu (Gaussian noise, volatility known, the other "
      "three regimes recognised perfectly)\n",
      static_cast<long long>(made), static_cast<unsigned long long>(seed));
  std::printf("  regime | all counted | 20-39 | 40-59 | 60-79 | 80-119 | 120-159 | 160+\n");
  for (int r = 0; r < kTrendRegimes; ++r) {
    double h = 0, c = 0;
    for (int b = 0; b < 6; ++b) h += tally.hits[r][b], c += tally.counts[r][b];
    std::printf("  %s | %.4f",
                std::string(alphapulse::core::to_string(static_cast<MarketRegime>(r))).c_str(),
                h / c);
    for (int b = 0; b < 6; ++b)
      std::printf(" | %.3f", tally.counts[r][b] > 0 ? tally.hits[r][b] / tally.counts[r][b] : 0.0);
    std::printf("\n");
  }
  std::printf("  all six regimes: at most %.4f (%.0f counted candles)\n",
              tally.all_hits / tally.all_counted, tally.all_counted);
  return 0;
}
