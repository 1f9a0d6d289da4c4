// tools/regime/probe_changepoint: the cheap probe (not the fitting tool) that decided whether
// and how to give the classifier features over the returns since an estimated change point
// (docs/regime.md, "What was tried"). It computes change-point features offline in double (a
// plain GLR scan over candidate ages, a pruned run-length posterior, or the true change:
// the ceiling), trains a network of the detector's kind on the window features plus those, on
// fitting seeds, and prints per-candle (argmax) and filtered accuracy on the selection seeds
// 1500-1515 over a small filter grid, with the argmax accuracy by true regime and position in
// the segment, and before and from candle 5,000 of each series (docs/regime.md, session 11). The
// window features are the library's current ones (kWindowFeatureCount); the figures in
// docs/regime.md were taken with the 20-160 windows.
//
//   probe_changepoint --mode base|oracle|locate|bocpd|mixture [--train 1000 96] [--epochs 12]
//                     [--hidden 48] [--extras 9 | --pick 0 3 4 6 7 8] [--runs 16]
//                     [--vars Z R V] [--tau Z R V] [--floor 1e-3]   (bocpd model)
//                     [--ensemble N]  (the logits of N networks from different initial weights
//                     averaged)
//                     [--stack H]  (a second network of H units over the first's logits at
//                                   lags 0-80, fitted on the odd counted candles; session 14)
//                     [--hsmm]  (also decode the logits with the explicit-duration filter,
//                                an evidence-weight grid; session 14)
//                     [--base-volume-gate none|detector|truth]  (extras 49 50; session 15)
//                     [--drift VAR TAU]   (bocpd: + a drift-only posterior, extras 12-15)
//                     [--noise-scale 2]   (mixture: per-regime components; extras 12-17 its
//                                          log posterior over the regimes; --runs hypotheses)
//                     [--ages ...] [--before 40]                     (locate)
//   probe_changepoint --mode diag|diagb|diagm ...   how often the located change is within 30%
//                                             of the true one (fitting seeds 1000-1015)
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "series_sets.hpp"

using namespace alphapulse;
using namespace alphapulse::regime;

namespace {

struct Options {
  std::string mode = "base";
  bool hsmm = false;     // --hsmm: also decode the logits with the explicit-duration filter
  int stack_hidden = 0;  // --stack H: a second network over the first's logits at lags
  int net_seed = 0, ensemble = 1;  // networks averaged (logits), their init seeds
  std::uint64_t train_first = 1000, train_count = 96;
  int epochs = 12;
  int hidden = 48;
  std::vector<int> ages = {10, 15, 20, 25, 30, 40, 50, 65, 80, 100, 125, 160, 200};
  int before = 40;  // length of the comparison segment before a candidate change (0: = age)
  double z_var = 0.55, r_var = 0.01, v_var = 0.02;
  int max_age = 200;
  bool soft = false;
  double tau[3] = {0.06, 0.03, 0.02};
  double hazard_floor = 1e-3;
  int max_runs = 16;
  int extras = 9;
  std::vector<int> pick;
  double noise_scale = 2.0;  // mixture: the per-component noise variances times this
  // bocpd: a second run-length posterior over the drift term alone (0: none), its noise and
  // prior variance; its MAP run's features are extras 12-15.
  double drift_var = 0, drift_tau = 0.06;
  std::string base_volume_gate = "none";  // extras 49, 50
};

// The mixture model (--mode mixture): one component per regime and drift sign (bull, bear,
// weak +, weak -, ranging, breakout +, breakout -, choppy), each with a normal prior on the
// segment's mean of the three observations and its own noise variance, estimated from the true
// segments of fitting seeds 1000-1015; each regime's own segment-length hazard; the next
// regime uniform over the five others. Hypotheses are (run start, component).
constexpr int kComponents = 8;
constexpr int kComponentRegime[kComponents] = {0, 1, 2, 2, 3, 4, 4, 5};
struct Component {
  double mean[3], prior_var[3], noise_var[3];
};
std::array<Component, kComponents> g_components;

// Per-return values kept by the locator (offline: whole arrays, prefix sums).
struct Track {
  std::vector<double> z, r, r2, ar, rl, vl, lag, x2, x3;  // prefix sums, index = returns so far
};

// Extras: 0..11 over the run and before it; 12..17 the mixture's regime posterior; 18..27
// inside the run; 28..33 the committed detector's posterior at the candle before the run;
// 34..39 the true previous segment's regime (one-hot; a ceiling, not a feature); 40..41 the
// regression of each return on the distance from the run's first close; 44..47 the levels
// against the generator's true base levels (a diagnostic); 42, 43 the series' noise kind (fat
// tails, clustering; a diagnostic); 48 log of the returns seen,
// clamped to 20..kLongRunCandles (250.. until session 13).
// 49, 50 (session 15): the run's and the last 40 candles' volume level against a base volume
// estimated from single candles, the median of log(volume^(1/4)) over the candles the gate lets
// through (--base-volume-gate none: every candle; detector: those the committed detector reads
// as a trend, whose volume multiple is exactly 1 in the generator; truth: those of true trend
// segments, a ceiling), every candle until the gate has let 50 through.
constexpr int kExtra = 51;
// The series' base volatility (for the oracle reference levels, extras 44-47).
double g_base_vol = 0;
// The series' noise kind (extras 42, 43: fat tails, clustering; a diagnostic, not a feature).
double g_fat_tails = 0, g_clustering = 0;

// Extra features for every candle: over the returns since the located change.
// Log weights of run hypotheses (anything with a `logw`) normalized to sum to one.
template <typename RunType>
void normalize_log_weights(std::vector<RunType>& runs) {
  double top = -1e300;
  for (const RunType& run : runs) top = std::max(top, run.logw);
  double total = 0;
  for (const RunType& run : runs) total += std::exp(run.logw - top);
  const double log_total = top + std::log(total);
  for (RunType& run : runs) run.logw -= log_total;
}

// Features of the drift path inside the most probable run (the last `age` returns, prefix sums
// z up to index t), extras 18-23 and 27: the robust t-statistics of the run's first and second
// half; the best split of the run into an earlier and a later part of constant drift (the
// largest two-sample statistic over splits leaving >= 8 returns each side), its later part's
// log length, robust t-statistic and drift; the two-sample statistic of the last min(20, age/2)
// returns against the rest of the run.
void drift_path_features(const std::vector<double>& z, std::int64_t t, std::int64_t age,
                         std::array<double, kExtra>& f) {
  const auto between = [&](std::int64_t from, std::int64_t to) { return z[to] - z[from]; };
  const std::int64_t start = t - age;
  if (age >= 4) {
    const std::int64_t h1 = age / 2, h2 = age - h1;
    f[18] = std::clamp(between(start, start + h1) / std::sqrt(double(h1)), -12.0, 12.0);
    f[19] = std::clamp(between(start + h1, t) / std::sqrt(double(h2)), -12.0, 12.0);
  }
  constexpr std::int64_t kMinPart = 8;
  double best = 0;
  std::int64_t best_later = age;
  for (std::int64_t later = kMinPart; later + kMinPart <= age; ++later) {
    const double a = double(age - later), b = double(later);
    const double diff = between(t - later, t) / b - between(start, t - later) / a;
    const double stat = diff / std::sqrt(1.0 / a + 1.0 / b);
    if (std::abs(stat) > std::abs(best)) {
      best = stat;
      best_later = later;
    }
  }
  const double bl = double(best_later);
  f[20] = std::clamp(best, -12.0, 12.0);
  f[21] = std::log(bl);
  f[22] = std::clamp(between(t - best_later, t) / std::sqrt(bl), -12.0, 12.0);
  f[23] = std::clamp(between(t - best_later, t) / bl * std::sqrt(200.0), -12.0, 12.0);
  if (age >= 4) {
    const std::int64_t recent = std::min<std::int64_t>(20, age / 2);
    const double a = double(age - recent), b = double(recent);
    const double diff = between(t - recent, t) / b - between(start, t - recent) / a;
    f[27] = std::clamp(diff / std::sqrt(1.0 / a + 1.0 / b), -12.0, 12.0);
  }
}

std::vector<std::array<double, kExtra>> change_features(
    const std::vector<LabelledCandle>& series, const Options& o, bool oracle,
    std::vector<std::array<double, 3>>* observations = nullptr) {
  const std::size_t candles = series.size();
  std::vector<std::array<double, kExtra>> out(candles);
  Track p;
  for (auto* v : {&p.z, &p.r, &p.r2, &p.ar, &p.rl, &p.vl, &p.lag, &p.x2, &p.x3}) v->assign(1, 0.0);
  // Run-length posterior (pruned BOCPD): runs by start prefix index, log weights.
  struct Run {
    std::int64_t start;
    double logw;
  };
  std::vector<Run> runs, drift_runs;
  // A run begun at prefix index `start`, seen up to prefix index `prev`: its observation count
  // (the last 250 at most) and the three observations' sums over them.
  struct RunSums {
    std::int64_t n;
    std::array<double, 3> sums;
  };
  const auto run_sums = [&p](std::int64_t start, std::int64_t prev) {
    const std::int64_t n = std::min<std::int64_t>(prev - start, 250);
    const std::int64_t from = prev - n;
    return RunSums{n, {p.z[prev] - p.z[from], p.x2[prev] - p.x2[from], p.x3[prev] - p.x3[from]}};
  };
  // After a step: the log weights normalized, the least probable runs (never the newest, the
  // last) dropped down to max_runs, and the index of the most probable run returned.
  const auto settle_runs = [&o](std::vector<Run>& rs) {
    normalize_log_weights(rs);
    while (static_cast<int>(rs.size()) > o.max_runs) {
      std::size_t worst = 0;
      for (std::size_t k = 1; k + 1 < rs.size(); ++k)
        if (rs[k].logw < rs[worst].logw) worst = k;
      rs.erase(rs.begin() + static_cast<long>(worst));
    }
    std::size_t map = 0;
    for (std::size_t k = 1; k < rs.size(); ++k)
      if (rs[k].logw > rs[map].logw) map = k;
    return map;
  };
  struct MixRun {
    std::int64_t start;
    int component;
    double logw;
  };
  std::vector<MixRun> mix;
  std::vector<std::array<double, 400>> mix_log_h(kRegimeCount), mix_log_1mh(kRegimeCount);
  for (int r = 0; r < kRegimeCount; ++r) {
    const auto range = regime::segment_length_range(static_cast<core::MarketRegime>(r));
    for (int n = 0; n < 400; ++n) {
      double h;
      if (n < range.shortest)
        h = 0;
      else if (n > range.longest)
        h = 1;
      else
        h = 1.0 / static_cast<double>(range.longest - n + 1);
      h = std::clamp(h, o.hazard_floor, 1.0 - 1e-6);
      mix_log_h[r][n] = std::log(h);
      mix_log_1mh[r][n] = std::log(1.0 - h);
    }
  }
  // Segment-length hazard of the generator (next regime uniform over the five others).
  std::vector<double> log_h(400), log_1mh(400);
  {
    const std::vector<double> pl = regime::segment_length_probabilities(400);
    double surv = 1.0;
    for (int r = 0; r < 400; ++r) {
      double h = surv > 1e-12 ? pl[r] / surv : 1.0;
      h = std::clamp(h, o.hazard_floor, 1.0 - 1e-6);
      log_h[r] = std::log(h);
      log_1mh[r] = std::log(1.0 - h);
      surv -= pl[r];
    }
  }
  const double m0[3] = {0.0, 1.0, 1.0};
  const double tau2[3] = {o.tau[0], o.tau[1], o.tau[2]};
  const double sig2[3] = {o.z_var, o.r_var, o.v_var};
  auto log_pred = [&](int q, std::int64_t length, double sum, double x) {
    const double prec = 1.0 / tau2[q] + static_cast<double>(length) / sig2[q];
    const double mean = (m0[q] / tau2[q] + sum / sig2[q]) / prec;
    const double pv = sig2[q] + 1.0 / prec;
    return -0.5 * (x - mean) * (x - mean) / pv - 0.5 * std::log(pv);
  };
  double last_close = 0, last_r = 0, short_run = 0, long_range = 0, long_volume = 0;
  std::int64_t seen = 0;
  std::int64_t position = 0;
  LongRunLogMedian range_median(kLongRunCandles), volume_median(kLongRunCandles);
  // The committed detector's filtered posterior at every candle (zeros before it is ready),
  // for extras 28-33 only: a whole detector pass per series.
  std::vector<RegimeProbabilities> posterior(candles, RegimeProbabilities{});
  const bool wants_posterior =
      o.base_volume_gate == "detector" ||
      (o.pick.empty() ? o.extras > 28 : std::any_of(o.pick.begin(), o.pick.end(), [](int k) {
        return k >= 28 && k < 34;
      }));
  LongRunLogMedian gated_volume(kLongRunCandles), every_volume(kLongRunCandles);
  std::int64_t gated_count = 0;
  if (wants_posterior) {
    RegimeDetector detector;
    for (std::size_t i = 0; i < candles; ++i) {
      detector.update(series[i].candle);
      if (detector.ready()) posterior[i] = detector.probabilities();
    }
  }
  for (std::size_t i = 0; i < candles; ++i) {
    position = i > 0 && series[i].regime == series[i - 1].regime ? position + 1 : 0;
    const auto& c = series[i].candle;
    const double lc = std::log(c.close);
    const double lr = std::log(c.high / c.low);
    const double rl = std::sqrt(std::sqrt(lr)), vl = std::sqrt(std::sqrt(c.volume));
    out[i].fill(0.0);
    if (i == 0) {
      last_close = lc;
      continue;
    }
    const double r = lc - last_close;
    const double lag = seen > 0 ? r * last_r : 0.0;
    ++seen;
    const double w = 1.0 / std::min(static_cast<double>(seen), kLongRunCandles);
    long_range += w * (rl - long_range);
    long_volume += w * (vl - long_volume);
    short_run += (1.0 / std::min(static_cast<double>(seen), kShortRunCandles)) * (rl - short_run);
    const double s4 = short_run * short_run * short_run * short_run;
    const double z = s4 > 0 ? std::clamp(r / s4, -kRobustClip, kRobustClip) : 0.0;
    last_close = lc;
    last_r = r;
    p.z.push_back(p.z.back() + z);
    p.r.push_back(p.r.back() + r);
    p.r2.push_back(p.r2.back() + r * r);
    p.ar.push_back(p.ar.back() + std::abs(r));
    p.rl.push_back(p.rl.back() + rl);
    p.vl.push_back(p.vl.back() + vl);
    p.lag.push_back(p.lag.back() + lag);
    // The references as the detector's (regime_features): the long-run medians of the 20-return
    // window's levels once there are any, pushed after this candle's use.
    const double reference_range =
        range_median.empty() ? long_range : std::exp(range_median.median());
    const double reference_volume =
        volume_median.empty() ? long_volume : std::exp(volume_median.median());
    if (constexpr int n = kFeatureWindows[kReferenceWindowSlot]; seen >= n) {
      const double w_rl = (p.rl[seen] - p.rl[seen - n]) / n,
                   w_vl = (p.vl[seen] - p.vl[seen - n]) / n;
      if (w_rl > 0) range_median.push(std::log(w_rl));
      if (w_vl > 0) volume_median.push(std::log(w_vl));
    }
    const double x2 = reference_range > 0 ? rl / reference_range : 1.0,
                 x3 = reference_volume > 0 ? vl / reference_volume : 1.0;
    p.x2.push_back(p.x2.back() + x2);
    p.x3.push_back(p.x3.back() + x3);
    {
      bool through = true;
      if (o.base_volume_gate == "truth") through = static_cast<int>(series[i].regime) < 3;
      if (o.base_volume_gate == "detector") {
        const auto& q = posterior[i];
        through = std::max_element(q.begin(), q.end()) - q.begin() < 3 && q[0] + q[1] + q[2] > 0;
      }
      every_volume.push(std::log(vl));
      if (through) {
        gated_volume.push(std::log(vl));
        ++gated_count;
      }
    }
    if (observations) {
      observations->resize(candles, {0.0, 0.0, 0.0});
      (*observations)[i] = {z, x2, x3};
      continue;
    }
    const std::int64_t t = seen;  // prefix index of now
    auto sum = [&](const std::vector<double>& v, std::int64_t a) { return v[t] - v[t - a]; };
    auto sum_between = [&](const std::vector<double>& v, std::int64_t a, std::int64_t b) {
      return v[t - a] - v[t - a - b];
    };
    std::int64_t age = 0;
    double best = 0;
    if (o.mode == "bocpd") {
      // Update the runs with the observation of return t (prefix index t-1 -> t).
      const double xs[3] = {z, x2, x3};
      const std::int64_t prev = t - 1;
      double lp0 = 0;
      for (int q = 0; q < 3; ++q) lp0 += log_pred(q, 0, 0.0, xs[q]);
      double cp_max = -1e300;
      std::vector<double> cps;
      for (Run& run : runs) {
        const auto [n, sums] = run_sums(run.start, prev);
        double lp = 0;
        for (int q = 0; q < 3; ++q) lp += log_pred(q, n, sums[q], xs[q]);
        const std::int64_t len = std::min<std::int64_t>(prev - run.start, 399);
        cps.push_back(run.logw + log_h[len]);
        cp_max = std::max(cp_max, cps.back());
        run.logw += log_1mh[len] + lp;
      }
      double cp = 0;
      for (double mass : cps) cp += std::exp(mass - cp_max);
      const double new_w = runs.empty() ? 0.0 : cp_max + std::log(cp) + lp0;
      runs.push_back({prev, new_w});
      const std::size_t map = settle_runs(runs);
      age = std::clamp<std::int64_t>(t - runs[map].start, 1, std::min<std::int64_t>(o.max_age, t));
      best = std::exp(runs[map].logw);
      drift_path_features(p.z, t, age, out[i]);
      // The second most probable run: where else the change might be.
      std::size_t second = map == 0 && runs.size() > 1 ? 1 : 0;
      for (std::size_t k = 0; k < runs.size(); ++k)
        if (k != map && runs[k].logw > runs[second].logw) second = k;
      if (second != map) {
        const std::int64_t age2 = std::clamp<std::int64_t>(t - runs[second].start, 1,
                                                           std::min<std::int64_t>(o.max_age, t));
        const double a2 = static_cast<double>(age2);
        out[i][24] = std::log(a2);
        out[i][25] = std::clamp(sum(p.z, age2) / std::sqrt(a2), -12.0, 12.0);
        out[i][26] = std::log1p(std::exp(runs[second].logw));
      }
      if (o.drift_var > 0) {
        // The drift-only posterior: the same update with one observation.
        auto log_pred_z = [&](std::int64_t length, double sum_v, double x) {
          const double prec = 1.0 / o.drift_tau + static_cast<double>(length) / o.drift_var;
          const double mean = (sum_v / o.drift_var) / prec;
          const double pv = o.drift_var + 1.0 / prec;
          return -0.5 * (x - mean) * (x - mean) / pv - 0.5 * std::log(pv);
        };
        double cp2_max = -1e300;
        std::vector<double> cps2;
        for (Run& run : drift_runs) {
          const std::int64_t n = std::min<std::int64_t>(prev - run.start, 250);
          const std::int64_t len = std::min<std::int64_t>(prev - run.start, 399);
          cps2.push_back(run.logw + log_h[len]);
          cp2_max = std::max(cp2_max, cps2.back());
          run.logw += log_1mh[len] + log_pred_z(n, p.z[prev] - p.z[prev - n], z);
        }
        double cp2 = 0;
        for (double mass : cps2) cp2 += std::exp(mass - cp2_max);
        drift_runs.push_back(
            {prev, drift_runs.empty() ? 0.0 : cp2_max + std::log(cp2) + log_pred_z(0, 0.0, z)});
        const std::size_t map2 = settle_runs(drift_runs);
        const std::int64_t age2 = std::clamp<std::int64_t>(t - drift_runs[map2].start, 1,
                                                           std::min<std::int64_t>(o.max_age, t));
        const double a2 = static_cast<double>(age2);
        out[i][12] = std::clamp(sum(p.z, age2) / std::sqrt(a2), -12.0, 12.0);
        out[i][13] = std::clamp(sum(p.z, age2) / a2 * std::sqrt(200.0), -12.0, 12.0);
        out[i][14] = std::log(a2);
        out[i][15] = std::log1p(std::exp(drift_runs[map2].logw));
      }
    } else if (o.mode == "mixture") {
      const double xs[3] = {z, x2, x3};
      const std::int64_t prev = t - 1;
      auto log_pred_c = [&](int comp, int q, std::int64_t length, double sum_v, double x) {
        const Component& k = g_components[comp];
        const double prec = 1.0 / k.prior_var[q] + static_cast<double>(length) / k.noise_var[q];
        const double mean = (k.mean[q] / k.prior_var[q] + sum_v / k.noise_var[q]) / prec;
        const double pv = k.noise_var[q] + 1.0 / prec;
        return -0.5 * (x - mean) * (x - mean) / pv - 0.5 * std::log(pv);
      };
      // Change mass into each regime: sum over hypotheses of weight x hazard of their regime.
      std::array<double, kRegimeCount> end_mass{};
      double end_max = -1e300;
      std::vector<double> ends;
      for (MixRun& run : mix) {
        const std::int64_t len = std::min<std::int64_t>(prev - run.start, 399);
        ends.push_back(run.logw + mix_log_h[kComponentRegime[run.component]][len]);
        end_max = std::max(end_max, ends.back());
      }
      for (std::size_t k = 0; k < mix.size(); ++k)
        end_mass[kComponentRegime[mix[k].component]] += std::exp(ends[k] - end_max);
      double end_total = 0;
      for (double e : end_mass) end_total += e;
      for (MixRun& run : mix) {
        const auto [n, sums] = run_sums(run.start, prev);
        double lp = 0;
        for (int q = 0; q < 3; ++q) lp += log_pred_c(run.component, q, n, sums[q], xs[q]);
        const std::int64_t len = std::min<std::int64_t>(prev - run.start, 399);
        run.logw += mix_log_1mh[kComponentRegime[run.component]][len] + lp;
      }
      for (int comp = 0; comp < kComponents; ++comp) {
        const int reg = kComponentRegime[comp];
        const double split = (reg == 2 || reg == 4) ? 0.5 : 1.0;
        // From any other regime, uniformly over the five others.
        const double into =
            mix.empty() ? split / kRegimeCount : (end_total - end_mass[reg]) / 5.0 * split;
        if (into <= 0) continue;
        double lp = 0;
        for (int q = 0; q < 3; ++q) lp += log_pred_c(comp, q, 0, 0.0, xs[q]);
        mix.push_back({prev, comp, (mix.empty() ? 0.0 : end_max) + std::log(into) + lp});
      }
      normalize_log_weights(mix);
      if (static_cast<int>(mix.size()) > o.max_runs) {
        std::sort(mix.begin(), mix.end(),
                  [](const MixRun& a, const MixRun& b) { return a.logw > b.logw; });
        mix.resize(static_cast<std::size_t>(o.max_runs));
      }
      std::size_t map = 0;
      for (std::size_t k = 1; k < mix.size(); ++k)
        if (mix[k].logw > mix[map].logw) map = k;
      age = std::clamp<std::int64_t>(t - mix[map].start, 1, std::min<std::int64_t>(o.max_age, t));
      best = std::exp(mix[map].logw);
      std::array<double, kRegimeCount> regime_post{};
      for (const MixRun& run : mix)
        regime_post[kComponentRegime[run.component]] += std::exp(run.logw);
      for (int reg = 0; reg < kRegimeCount; ++reg)
        out[i][12 + reg] = std::log(std::max(regime_post[reg], 1e-12));
    } else if (oracle) {
      age = std::min<std::int64_t>({position + 1, o.max_age, t});
    } else {
      age = std::min<std::int64_t>(o.ages.back(), t);
      best = -1;
      for (int a : o.ages) {
        const std::int64_t b = o.before > 0 ? o.before : a;
        if (a + b > t) break;
        const double mz =
            sum(p.z, a) / static_cast<double>(a) - sum_between(p.z, a, b) / static_cast<double>(b);
        const double mr = std::log(sum(p.rl, a) / static_cast<double>(a)) -
                          std::log(sum_between(p.rl, a, b) / static_cast<double>(b));
        const double mv = std::log(sum(p.vl, a) / static_cast<double>(a)) -
                          std::log(sum_between(p.vl, a, b) / static_cast<double>(b));
        const double h =
            static_cast<double>(a) * static_cast<double>(b) / static_cast<double>(a + b);
        const double stat = h * (mz * mz / o.z_var + mr * mr / o.r_var + mv * mv / o.v_var);
        if (stat > best) {
          best = stat;
          age = a;
        }
      }
      if (best < 0) best = 0;
    }
    if (age < 2) continue;
    const double a = static_cast<double>(age);
    const double mean = sum(p.r, age) / a;
    const double var = std::max(sum(p.r2, age) / a - mean * mean, 0.0);
    const double sd = std::sqrt(var);
    auto& f = out[i];
    f[0] = std::clamp(sum(p.z, age) / std::sqrt(a), -12.0, 12.0);
    f[1] = sd > 0 ? std::clamp(mean / sd * std::sqrt(a), -12.0, 12.0) : 0.0;
    const double ar = sum(p.ar, age);
    f[2] = ar > 0 ? std::min(std::abs(sum(p.r, age)) / ar, 1.0) : 0.0;
    f[3] = reference_range > 0 && sum(p.rl, age) > 0
               ? std::log(sum(p.rl, age) / a / reference_range)
               : 0.0;
    f[4] = reference_volume > 0 && sum(p.vl, age) > 0
               ? std::log(sum(p.vl, age) / a / reference_volume)
               : 0.0;
    f[5] = var > 0 ? std::clamp((sum(p.lag, age) / a - mean * mean) / var, -1.0, 1.0) : 0.0;
    f[6] = std::log(a);
    f[7] = std::log1p(best);
    f[8] = std::clamp(sum(p.z, age) / a * std::sqrt(200.0), -12.0, 12.0);  // drift in z units
    if (static_cast<std::int64_t>(i) >= age)
      for (int reg = 0; reg < kRegimeCount; ++reg)
        f[28 + reg] = posterior[i - static_cast<std::size_t>(age)][reg];
    {
      // Mean reversion towards the run's first price (a ranging segment reverts to its
      // anchor): the regression of each return on the log distance of the previous close from
      // the close before the run, without intercept; its t-statistic (40) and slope times 100
      // (41).
      const std::size_t first = i + 1 - static_cast<std::size_t>(age);
      const double anchor = std::log(series[first - 1].candle.close);
      double sxy = 0, sxx = 0, syy = 0;
      double prev_close = anchor;
      for (std::size_t j = first; j <= i; ++j) {
        const double lcj = std::log(series[j].candle.close);
        const double x = prev_close - anchor, y = lcj - prev_close;
        sxy += x * y;
        sxx += x * x;
        syy += y * y;
        prev_close = lcj;
      }
      if (sxx > 0 && syy > 0) {
        const double slope = sxy / sxx;
        const double resid = std::max(syy - slope * sxy, 1e-300) / std::max(a - 1.0, 1.0);
        f[40] = std::clamp(slope * std::sqrt(sxx / resid), -12.0, 12.0);
        f[41] = std::clamp(slope * 100.0, -50.0, 50.0);
      }
    }
    {
      // Oracle reference levels (diagnostic: a detector does not know the base volatility):
      // the log power means of range and volume over the run (44, 45) and over the last 40
      // candles (46, 47) against the generator's true base levels.
      const double log_rl0 = 0.25 * std::log(g_base_vol), log_vl0 = 0.25 * std::log(100.0);
      f[44] = std::log(sum(p.rl, age) / a) - log_rl0;
      f[45] = std::log(sum(p.vl, age) / a) - log_vl0;
      const std::int64_t w40 = std::min<std::int64_t>(40, t);
      f[46] = std::log(sum(p.rl, w40) / double(w40)) - log_rl0;
      f[47] = std::log(sum(p.vl, w40) / double(w40)) - log_vl0;
    }
    f[48] = std::log(std::clamp(static_cast<double>(t), 20.0, kLongRunCandles));
    {
      const double log_vl0 = gated_count >= 50 ? gated_volume.median() : every_volume.median();
      const std::int64_t w40 = std::min<std::int64_t>(40, t);
      f[49] = std::log(sum(p.vl, age) / a) - log_vl0;
      f[50] = std::log(sum(p.vl, w40) / double(w40)) - log_vl0;
    }
    f[42] = g_fat_tails;
    f[43] = g_clustering;
    if (static_cast<std::int64_t>(i) > position)
      f[34 + static_cast<int>(series[i - static_cast<std::size_t>(position) - 1].regime)] = 1.0;
    const std::int64_t b = std::min<std::int64_t>(o.before > 0 ? o.before : age, t - age);
    if (b >= 2) {
      const double bb = static_cast<double>(b);
      f[9] = std::clamp(sum_between(p.z, age, b) / std::sqrt(bb), -12.0, 12.0);
      const double br = sum_between(p.rl, age, b), bv = sum_between(p.vl, age, b);
      f[10] = reference_range > 0 && br > 0 ? std::log(br / bb / reference_range) : 0.0;
      f[11] = reference_volume > 0 && bv > 0 ? std::log(bv / bb / reference_volume) : 0.0;
    }
  }
  return out;
}

// Estimates the mixture's components from the true segments of fitting seeds 1000-1015.
void calibrate_mixture(const Options& o) {
  std::array<double, kComponents> segs{}, cand{};
  std::array<std::array<double, 3>, kComponents> mean_sum{}, mean_sq{}, within{}, inv_len{};
  for (std::uint64_t s = 1000; s < 1016; ++s) {
    const auto series = generate_regime_series(tools::training_options(s, 20000));
    std::vector<std::array<double, 3>> obs;
    Options base = o;
    base.mode = "base";
    change_features(series, base, false, &obs);
    std::size_t start = 0;
    for (std::size_t i = 1; i <= series.size(); ++i) {
      if (i < series.size() && series[i].regime == series[i - 1].regime) continue;
      const std::size_t a = start + 1, b = i;  // returns inside the segment
      start = i;
      if (a < 300 || b <= a + 5) continue;
      const double len = static_cast<double>(b - a);
      std::array<double, 3> m{};
      for (std::size_t j = a; j < b; ++j)
        for (int q = 0; q < 3; ++q) m[q] += obs[j][q] / len;
      const int r = static_cast<int>(series[a].regime);
      int c = 0;
      for (int k = 0; k < kComponents; ++k)
        if (kComponentRegime[k] == r) {
          c = k;
          break;
        }
      if ((r == 2 || r == 4) && m[0] < 0) ++c;
      segs[c] += 1;
      for (int q = 0; q < 3; ++q) {
        mean_sum[c][q] += m[q];
        mean_sq[c][q] += m[q] * m[q];
        inv_len[c][q] += 1.0 / len;
        for (std::size_t j = a; j < b; ++j) within[c][q] += (obs[j][q] - m[q]) * (obs[j][q] - m[q]);
      }
      cand[c] += len;
    }
  }
  for (int c = 0; c < kComponents; ++c) {
    Component& k = g_components[c];
    for (int q = 0; q < 3; ++q) {
      const double noise = within[c][q] / std::max(cand[c] - segs[c], 1.0);
      k.mean[q] = mean_sum[c][q] / segs[c];
      const double spread = mean_sq[c][q] / segs[c] - k.mean[q] * k.mean[q];
      k.prior_var[q] = std::max(spread - noise * inv_len[c][q] / segs[c], 1e-4);
      k.noise_var[q] = noise * o.noise_scale;
    }
    std::fprintf(stderr,
                 "component %d (%g segments): mean %.4f %.4f %.4f prior var %.5f %.5f %.5f noise "
                 "%.5f %.5f %.5f\n",
                 c, segs[c], k.mean[0], k.mean[1], k.mean[2], k.prior_var[0], k.prior_var[1],
                 k.prior_var[2], k.noise_var[0], k.noise_var[1], k.noise_var[2]);
  }
}

int extra_count(const Options& o) {
  return o.mode == "base" ? 0 : (o.pick.empty() ? o.extras : static_cast<int>(o.pick.size()));
}

struct Data {
  std::vector<float> x;  // row-major samples
  std::vector<int> y;
  int d = 0;
};

void append_series(const std::vector<LabelledCandle>& series, const Options& o, int stride,
                   Data& data, std::vector<char>* ready_out, bool all_candles) {
  RegimeFeatures features;
  const bool extra = o.mode != "base";
  const auto cf = extra ? change_features(series, o, o.mode == "oracle", nullptr)
                        : std::vector<std::array<double, kExtra>>{};
  std::int64_t position = 0;
  if (ready_out) ready_out->assign(series.size(), 0);
  for (std::size_t i = 0; i < series.size(); ++i) {
    position = i > 0 && series[i].regime == series[i - 1].regime ? position + 1 : 0;
    const auto step = features.prepare(series[i].candle);
    const bool ready = RegimeFeatures::ready_after(step);
    features.apply(step);
    if (ready_out) (*ready_out)[i] = ready;
    if (!all_candles &&
        (!ready || position < kScoringWarmup || i % static_cast<std::size_t>(stride) != 0))
      continue;
    for (int k = 0; k < kWindowFeatureCount; ++k)
      data.x.push_back(static_cast<float>(step.features[k]));
    if (extra) {
      if (!o.pick.empty()) {
        for (int k : o.pick) data.x.push_back(static_cast<float>(cf[i][k]));
      } else {
        for (int k = 0; k < o.extras; ++k) data.x.push_back(static_cast<float>(cf[i][k]));
      }
    }
    data.y.push_back(static_cast<int>(series[i].regime));
  }
}

struct Net {
  int d, h;
  std::vector<double> mean, scale, w1, b1, w2, b2;  // w1[h][d], w2[6][h]
  void logits(const float* x, double* out, double* hid = nullptr, double* pre = nullptr) const {
    std::vector<double> z(d);
    for (int i = 0; i < d; ++i) z[i] = (x[i] - mean[i]) * scale[i];
    std::vector<double> hh(h);
    for (int u = 0; u < h; ++u) {
      double a = b1[u];
      for (int i = 0; i < d; ++i) a += w1[u * d + i] * z[i];
      if (pre) pre[u] = a;
      hh[u] = hidden_activation(a);
      if (hid) hid[u] = hh[u];
    }
    for (int k = 0; k < kRegimeCount; ++k) {
      double a = b2[k];
      for (int u = 0; u < h; ++u) a += w2[k * h + u] * hh[u];
      out[k] = a;
    }
  }
};

Net train(Data& data, const Options& o) {
  const int d = data.d, h = o.hidden;
  const std::size_t n = data.y.size();
  Net net{d, h, std::vector<double>(d), std::vector<double>(d), {}, {}, {}, {}};
  for (int i = 0; i < d; ++i) {
    double m = 0, s = 0;
    for (std::size_t j = 0; j < n; ++j) m += data.x[j * d + i];
    m /= static_cast<double>(n);
    for (std::size_t j = 0; j < n; ++j) s += (data.x[j * d + i] - m) * (data.x[j * d + i] - m);
    s = std::sqrt(s / static_cast<double>(n));
    net.mean[i] = m;
    net.scale[i] = s > 0 ? 1 / s : 0;
  }
  RandomSource rng(20240601 + 7919 * o.net_seed);
  net.w1.resize(h * d);
  net.b1.assign(h, 0);
  net.w2.resize(kRegimeCount * h);
  net.b2.assign(kRegimeCount, 0);
  for (double& w : net.w1) w = rng.normal() / std::sqrt(d);
  for (double& w : net.w2) w = rng.normal() / std::sqrt(h);
  // Flattened parameter views for Adam.
  std::vector<double*> params;
  for (auto* v : {&net.w1, &net.b1, &net.w2, &net.b2})
    for (double& x : *v) params.push_back(&x);
  const std::size_t np = params.size();
  std::vector<double> m(np, 0), v(np, 0), g(np);
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  constexpr std::size_t kBatch = 128;
  const std::size_t total = static_cast<std::size_t>(o.epochs) * (n / kBatch);
  std::size_t step = 0;
  int t = 0;
  std::vector<double> hid(h), pre(h), z(d), dh(h);
  for (int e = 0; e < o.epochs; ++e) {
    for (std::size_t i = n; i-- > 1;)
      std::swap(order[i], order[static_cast<std::size_t>(rng.integer(0, static_cast<long>(i)))]);
    double loss = 0;
    std::size_t correct = 0;
    for (std::size_t s0 = 0; s0 + kBatch <= n; s0 += kBatch) {
      std::fill(g.begin(), g.end(), 0.0);
      for (std::size_t b = s0; b < s0 + kBatch; ++b) {
        const float* x = &data.x[order[b] * d];
        const int y = data.y[order[b]];
        double lo[kRegimeCount];
        net.logits(x, lo, hid.data(), pre.data());
        RegimeProbabilities pr;
        for (int k = 0; k < kRegimeCount; ++k) pr[k] = lo[k];
        softmax(pr);
        loss -= std::log(std::max(pr[y], 1e-300));
        correct += std::max_element(pr.begin(), pr.end()) - pr.begin() == y;
        for (int i = 0; i < d; ++i) z[i] = (x[i] - net.mean[i]) * net.scale[i];
        std::fill(dh.begin(), dh.end(), 0.0);
        const std::size_t ow = h * d + h, ob = ow + kRegimeCount * h;
        for (int k = 0; k < kRegimeCount; ++k) {
          const double dk = pr[k] - (k == y);
          for (int u = 0; u < h; ++u) {
            g[ow + k * h + u] += dk * hid[u];
            dh[u] += dk * net.w2[k * h + u];
          }
          g[ob + k] += dk;
        }
        for (int u = 0; u < h; ++u) {
          const double du = dh[u] * hidden_activation_derivative(pre[u]);
          for (int i = 0; i < d; ++i) g[u * d + i] += du * z[i];
          g[h * d + u] += du;
        }
      }
      ++t;
      const double rate =
          0.003 * (1.0 - 0.9 * static_cast<double>(step++) / static_cast<double>(total));
      const double c1 = 1 - std::pow(0.9, t), c2 = 1 - std::pow(0.999, t);
      for (std::size_t i = 0; i < np; ++i) {
        const double gi = g[i] / kBatch + 1e-5 * *params[i];
        m[i] = 0.9 * m[i] + 0.1 * gi;
        v[i] = 0.999 * v[i] + 0.001 * gi * gi;
        *params[i] -= rate * (m[i] / c1) / (std::sqrt(v[i] / c2) + 1e-8);
      }
    }
    std::fprintf(stderr, "epoch %d loss %.4f acc %.4f\n", e + 1, loss / static_cast<double>(n),
                 static_cast<double>(correct) / static_cast<double>(n));
  }
  return net;
}

// A fitting or selection seed's series; sets what the oracle extras read (44-47, 42, 43).
std::vector<LabelledCandle> series_of_seed(std::uint64_t seed) {
  const RegimeSeriesOptions options = tools::training_options(seed, 20000);
  g_base_vol = options.base_vol;
  g_fat_tails = options.fat_tails ? 1.0 : 0.0;
  g_clustering = options.vol_clustering ? 1.0 : 0.0;
  return generate_regime_series(options);
}

// Explicit-duration (hidden semi-Markov) forward filter over the network's logits, with the
// generator's segment lengths (uniform per regime) and its no-repeat transitions: state
// (regime, candles so far in the segment). Evidence exp(w (logit - top)) per candle. Decides
// the regime whose segment is most probable to be both true and counted by the scoring rule
// (>= 20 candles in) when `counted`, else the most probable regime; then `confirm` candles of
// confirmation as the detector's filter.
std::vector<core::MarketRegime> decode_hsmm(const std::vector<RegimeLogits>& logits,
                                            const std::vector<char>& ready, double w, bool counted,
                                            int confirm) {
  constexpr int kMaxLength = 250;
  std::array<int, kRegimeCount> shortest{}, longest{};
  for (int k = 0; k < kRegimeCount; ++k) {
    const auto range = segment_length_range(static_cast<core::MarketRegime>(k));
    shortest[k] = static_cast<int>(range.shortest);
    longest[k] = static_cast<int>(range.longest);
  }
  // hazard[k][d]: P(the segment ends after d candles | it has lasted d), d = 1..longest.
  std::array<std::array<double, kMaxLength + 1>, kRegimeCount> hazard{};
  for (int k = 0; k < kRegimeCount; ++k)
    for (int d = 1; d <= longest[k]; ++d)
      hazard[k][d] = d < shortest[k] ? 0.0 : 1.0 / static_cast<double>(longest[k] - d + 1);
  std::array<std::array<double, kMaxLength + 1>, kRegimeCount> alpha{}, next{};
  std::vector<core::MarketRegime> out(logits.size(), core::MarketRegime::kRanging);
  bool started = false;
  core::MarketRegime current = core::MarketRegime::kRanging, challenger = current;
  int challenger_candles = 0;
  for (std::size_t i = 0; i < logits.size(); ++i) {
    if (!ready[i]) continue;
    float top = logits[i][0];
    for (int k = 1; k < kRegimeCount; ++k) top = std::max(top, logits[i][k]);
    std::array<double, kRegimeCount> evidence{};
    for (int k = 0; k < kRegimeCount; ++k) evidence[k] = std::exp(w * (logits[i][k] - top));
    const bool first = !started;
    if (first) {
      // Elapsed length of a segment met at a random time: proportional to its survival.
      for (int k = 0; k < kRegimeCount; ++k)
        for (int d = 1; d <= longest[k]; ++d)
          alpha[k][d] = (d < shortest[k] ? 1.0
                                         : static_cast<double>(longest[k] - d + 1) /
                                               static_cast<double>(longest[k] - shortest[k] + 1)) *
                        evidence[k];
    } else {
      std::array<double, kRegimeCount> ended{};
      for (int k = 0; k < kRegimeCount; ++k) {
        for (int d = 1; d <= longest[k]; ++d) ended[k] += alpha[k][d] * hazard[k][d];
      }
      double all_ended = 0;
      for (double e : ended) all_ended += e;
      for (int k = 0; k < kRegimeCount; ++k) {
        next[k].fill(0.0);
        next[k][1] = (all_ended - ended[k]) / (kRegimeCount - 1) * evidence[k];
        for (int d = 1; d < longest[k]; ++d)
          next[k][d + 1] = alpha[k][d] * (1.0 - hazard[k][d]) * evidence[k];
      }
      alpha = next;
    }
    started = true;
    double total = 0;
    for (int k = 0; k < kRegimeCount; ++k)
      for (int d = 1; d <= longest[k]; ++d) total += alpha[k][d];
    std::array<double, kRegimeCount> score{};
    for (int k = 0; k < kRegimeCount; ++k)
      for (int d = 1; d <= longest[k]; ++d) {
        alpha[k][d] /= total;
        if (!counted || d > kScoringWarmup) score[k] += alpha[k][d];
      }
    const auto best = static_cast<core::MarketRegime>(std::max_element(score.begin(), score.end()) -
                                                      score.begin());
    if (first) {
      current = best;
    } else if (best == current) {
      challenger_candles = 0;
    } else {
      challenger_candles = best == challenger ? challenger_candles + 1 : 1;
      challenger = best;
      if (challenger_candles >= confirm) {
        current = best;
        challenger_candles = 0;
      }
    }
    out[i] = current;
  }
  return out;
}

constexpr int kStackLags[] = {0, 5, 10, 20, 40, 80};
constexpr int kStackInputs = 6 * kRegimeCount;
// The stacker's inputs at candle i: the first network's logits at each lag, as differences to
// the lag's top logit (floored at -20); zeros where the lag is before the detector was ready.
void stack_inputs(const std::vector<RegimeLogits>& logits, const std::vector<char>& ready,
                  std::size_t i, float* out) {
  int slot = 0;
  for (int lag : kStackLags) {
    const bool has = i >= static_cast<std::size_t>(lag) && ready[i - static_cast<std::size_t>(lag)];
    const RegimeLogits& l = logits[has ? i - static_cast<std::size_t>(lag) : i];
    float top = l[0];
    for (int k = 1; k < kRegimeCount; ++k) top = std::max(top, l[k]);
    for (int k = 0; k < kRegimeCount; ++k) out[slot++] = has ? std::max(l[k] - top, -20.0f) : 0.0f;
  }
}

std::vector<RegimeLogits> first_logits(const std::vector<Net>& nets, const Data& d, std::size_t n) {
  std::vector<RegimeLogits> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    double lo[kRegimeCount] = {};
    for (const Net& net : nets) {
      double one[kRegimeCount];
      net.logits(&d.x[i * d.d], one);
      for (int k = 0; k < kRegimeCount; ++k) lo[k] += one[k] / static_cast<double>(nets.size());
    }
    for (int k = 0; k < kRegimeCount; ++k) out[i][k] = static_cast<float>(lo[k]);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--mode")
      o.mode = argv[++i];
    else if (a == "--train") {
      o.train_first = std::strtoull(argv[++i], nullptr, 10);
      o.train_count = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--epochs")
      o.epochs = std::atoi(argv[++i]);
    else if (a == "--hidden")
      o.hidden = std::atoi(argv[++i]);
    else if (a == "--before")
      o.before = std::atoi(argv[++i]);
    else if (a == "--base-volume-gate")
      o.base_volume_gate = argv[++i];
    else if (a == "--extras")
      o.extras = std::atoi(argv[++i]);
    else if (a == "--drift") {
      o.drift_var = std::atof(argv[++i]);
      o.drift_tau = std::atof(argv[++i]);
    } else if (a == "--noise-scale")
      o.noise_scale = std::atof(argv[++i]);
    else if (a == "--runs")
      o.max_runs = std::atoi(argv[++i]);
    else if (a == "--pick") {
      while (i + 1 < argc && argv[i + 1][0] != '-') o.pick.push_back(std::atoi(argv[++i]));
    } else if (a == "--floor")
      o.hazard_floor = std::atof(argv[++i]);
    else if (a == "--tau") {
      o.tau[0] = std::atof(argv[++i]);
      o.tau[1] = std::atof(argv[++i]);
      o.tau[2] = std::atof(argv[++i]);
    } else if (a == "--hsmm") {
      o.hsmm = true;
    } else if (a == "--stack") {
      o.stack_hidden = std::atoi(argv[++i]);
    } else if (a == "--ensemble") {
      o.ensemble = std::atoi(argv[++i]);
    } else if (a == "--max-age")
      o.max_age = std::atoi(argv[++i]);
    else if (a == "--vars") {
      o.z_var = std::atof(argv[++i]);
      o.r_var = std::atof(argv[++i]);
      o.v_var = std::atof(argv[++i]);
    } else if (a == "--ages") {
      o.ages.clear();
      while (i + 1 < argc && argv[i + 1][0] != '-') o.ages.push_back(std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "unknown %s\n", a.c_str());
      return 2;
    }
  }
  if (o.train_first < 1000 || o.train_first + o.train_count > 1500) return 2;
  if (o.mode == "mixture" || o.mode == "diagm") calibrate_mixture(o);
  if (o.mode == "diag" || o.mode == "diagb" || o.mode == "diagm") {
    if (o.mode == "diagm") o.mode = "mixture";
    if (o.mode == "diagb") o.mode = "bocpd";
    double nr = 0, sr = 0, sv = 0;
    std::array<double, 8> hits{}, counts{};
    for (std::uint64_t s = 1000; s < 1016; ++s) {
      const auto series = generate_regime_series(tools::training_options(s, 20000));
      // segment means of rl and vl
      std::size_t start = 0;
      for (std::size_t i = 1; i <= series.size(); ++i) {
        if (i < series.size() && series[i].regime == series[i - 1].regime) continue;
        double mr = 0, mv = 0;
        const double len = static_cast<double>(i - start);
        for (std::size_t j = start; j < i; ++j) {
          const auto& c = series[j].candle;
          mr += std::log(std::sqrt(std::sqrt(std::log(c.high / c.low))));
          mv += std::log(std::sqrt(std::sqrt(c.volume)));
        }
        mr /= len;
        mv /= len;
        for (std::size_t j = start; j < i; ++j) {
          const auto& c = series[j].candle;
          const double a = std::log(std::sqrt(std::sqrt(std::log(c.high / c.low)))) - mr;
          const double b = std::log(std::sqrt(std::sqrt(c.volume))) - mv;
          sr += a * a;
          sv += b * b;
          nr += 1;
        }
        start = i;
      }
      Options oo = o;
      if (oo.mode == "diag") oo.mode = "locate";
      const auto cf = change_features(series, oo, false);
      std::int64_t position = 0;
      for (std::size_t i = 0; i < series.size(); ++i) {
        position = i > 0 && series[i].regime == series[i - 1].regime ? position + 1 : 0;
        if (i < 300) continue;
        const int bucket = position < 20    ? -1
                           : position < 40  ? 0
                           : position < 60  ? 1
                           : position < 80  ? 2
                           : position < 120 ? 3
                                            : 4;
        if (bucket < 0) continue;
        const double a = std::exp(cf[i][6]);
        counts[bucket] += 1;
        const double truth = static_cast<double>(position + 1);
        hits[bucket] += std::abs(a - truth) <= 0.3 * truth;
      }
    }
    std::printf("per-candle var of log rl %.5f, log vl %.5f\n", sr / nr, sv / nr);
    std::printf("locator within 30%%: 20-39 %.3f 40-59 %.3f 60-79 %.3f 80-119 %.3f 120+ %.3f\n",
                hits[0] / counts[0], hits[1] / counts[1], hits[2] / counts[2], hits[3] / counts[3],
                hits[4] / counts[4]);
    return 0;
  }
  Data train_data;
  train_data.d = kWindowFeatureCount + extra_count(o);
  for (std::uint64_t s = o.train_first; s < o.train_first + o.train_count; ++s) {
    const auto series = series_of_seed(s);
    append_series(series, o, 2, train_data, nullptr, false);
  }
  std::fprintf(stderr, "%zu samples, %d inputs\n", train_data.y.size(), train_data.d);
  std::vector<Net> nets;
  for (int k = 0; k < o.ensemble; ++k) {
    Options ok = o;
    ok.net_seed = k;
    nets.push_back(train(train_data, ok));
  }

  std::vector<Net> stackers;
  if (o.stack_hidden > 0) {
    Data sd;
    sd.d = kStackInputs;
    for (std::uint64_t s = o.train_first; s < o.train_first + o.train_count; ++s) {
      const auto series = series_of_seed(s);
      Data all;
      all.d = train_data.d;
      std::vector<char> ready;
      append_series(series, o, 1, all, &ready, true);
      const auto logits = first_logits(nets, all, series.size());
      std::int64_t pos = 0;
      float in[kStackInputs];
      for (std::size_t i = 0; i < series.size(); ++i) {
        pos = i > 0 && series[i].regime == series[i - 1].regime ? pos + 1 : 0;
        if (!ready[i] || pos < kScoringWarmup || i % 2 != 1) continue;
        stack_inputs(logits, ready, i, in);
        sd.x.insert(sd.x.end(), in, in + kStackInputs);
        sd.y.push_back(static_cast<int>(series[i].regime));
      }
    }
    std::fprintf(stderr, "stacker: %zu samples\n", sd.y.size());
    Options os = o;
    os.hidden = o.stack_hidden;
    stackers.push_back(train(sd, os));
  }

  // Selection seeds: per-candle logits, then argmax and filter grid.
  struct Sel {
    std::vector<core::MarketRegime> labels;
    std::vector<RegimeLogits> logits;
    std::vector<char> ready;
  };
  std::vector<Sel> sets;
  RegimeProbabilities prior{};
  for (int y : train_data.y) prior[y] += 1.0 / static_cast<double>(train_data.y.size());
  double raw = 0;
  std::array<double, 4> cell_raw{};  // by seed % 4: Gaussian, fat tails, clustering, both
  // Argmax accuracy by true regime and position in the segment (20-39, 40-79, 80+).
  std::array<std::array<double, 3>, kRegimeCount> bucket_hits{}, bucket_counts{};
  std::array<double, 2> early_hits{}, early_counts{};  // candles before / from 5000
  for (std::uint64_t s = 1500; s < 1516; ++s) {
    const auto series = series_of_seed(s);
    Data d;
    d.d = train_data.d;
    Sel set;
    set.labels = tools::labels_of(series);
    append_series(series, o, 1, d, &set.ready, true);
    set.logits = first_logits(nets, d, series.size());
    if (!stackers.empty()) {
      const auto first = set.logits;
      float in[kStackInputs];
      for (std::size_t i = 0; i < series.size(); ++i) {
        if (!set.ready[i]) continue;
        stack_inputs(first, set.ready, i, in);
        double lo[kRegimeCount];
        stackers[0].logits(in, lo);
        for (int k = 0; k < kRegimeCount; ++k) set.logits[i][k] = static_cast<float>(lo[k]);
      }
    }
    std::vector<core::MarketRegime> argmax(series.size(), core::MarketRegime::kRanging);
    for (std::size_t i = 0; i < series.size(); ++i) {
      const auto& lo = set.logits[i];
      if (set.ready[i])
        argmax[i] =
            static_cast<core::MarketRegime>(std::max_element(lo.begin(), lo.end()) - lo.begin());
    }
    raw += score_regimes(set.labels, argmax).accuracy() / 16;
    cell_raw[s % 4] += score_regimes(set.labels, argmax).accuracy() / 4;
    std::int64_t pos = 0;
    for (std::size_t i = 0; i < series.size(); ++i) {
      pos = i > 0 && set.labels[i] == set.labels[i - 1] ? pos + 1 : 0;
      if (pos < kScoringWarmup) continue;
      const int b = pos < 40 ? 0 : pos < 80 ? 1 : 2;
      const int truth = static_cast<int>(set.labels[i]);
      bucket_counts[truth][b] += 1;
      bucket_hits[truth][b] += argmax[i] == set.labels[i];
      early_counts[i < 5000 ? 0 : 1] += 1;
      early_hits[i < 5000 ? 0 : 1] += argmax[i] == set.labels[i];
    }
    sets.push_back(std::move(set));
  }
  for (int r = 0; r < kRegimeCount; ++r)
    std::printf("  %-18s 20-39 %.3f  40-79 %.3f  80+ %.3f\n",
                std::string(core::to_string(static_cast<core::MarketRegime>(r))).c_str(),
                bucket_hits[r][0] / bucket_counts[r][0], bucket_hits[r][1] / bucket_counts[r][1],
                bucket_hits[r][2] / std::max(bucket_counts[r][2], 1.0));
  std::printf("  argmax by noise: Gaussian %.4f fat tails %.4f clustering %.4f both %.4f\n",
              cell_raw[0], cell_raw[1], cell_raw[2], cell_raw[3]);
  std::printf("  argmax before candle 5000 %.4f, from it %.4f\n", early_hits[0] / early_counts[0],
              early_hits[1] / early_counts[1]);
  double best = 0;
  RegimeFilterParams bp;
  for (double w : {2.0, 4.0, 6.0, 9.0, 14.0, 20.0})
    for (double sp : {0.3, 0.5, 0.7})
      for (int k : {2, 3})
        for (double c : {0.0, 0.5, 1.0}) {
          const RegimeFilterParams params{w, sp, k, 0.001, 0, c};
          const RegimeFilterModel model = make_regime_filter_model(params, prior);
          double acc = 0;
          for (const auto& set : sets) {
            RegimeFilterState st;
            std::vector<core::MarketRegime> det(set.labels.size(), core::MarketRegime::kRanging);
            for (std::size_t i = 0; i < det.size(); ++i) {
              if (!set.ready[i]) continue;
              step_regime_filter(st, set.logits[i], model);
              det[i] = st.current;
            }
            acc += score_regimes(set.labels, det).accuracy() / 16;
          }
          if (acc > best) {
            best = acc;
            bp = params;
          }
        }
  if (o.hsmm) {
    for (const bool counted : {false, true})
      for (const int confirm : {1, 2})
        for (const double w : {0.05, 0.1, 0.2, 0.35, 0.5, 1.0, 2.0}) {
          double acc = 0;
          for (const auto& set : sets)
            acc +=
                score_regimes(set.labels, decode_hsmm(set.logits, set.ready, w, counted, confirm))
                    .accuracy() /
                16;
          std::printf("  hsmm w %.2f counted %d confirm %d: %.4f\n", w, counted ? 1 : 0, confirm,
                      acc);
          std::fflush(stdout);
        }
  }
  std::printf("extras %d before %d ages %zu ", o.extras, o.before, o.ages.size());
  std::printf(
      "mode %s train %llu+%llu epochs %d hidden %d: selection argmax %.4f filtered %.4f "
      "(w %g s %g k %d c %g)\n",
      o.mode.c_str(), (unsigned long long)o.train_first, (unsigned long long)o.train_count,
      o.epochs, o.hidden, raw, best, bp.evidence_weight, bp.switch_probability, bp.confirm_candles,
      bp.prior_correction);
  return 0;
}
