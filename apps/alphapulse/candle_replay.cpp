#include "candle_replay.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "evaluation/signal_jsonl.hpp"
#include "feed/candle_csv.hpp"

namespace alphapulse::app {

ProgressBar::ProgressBar(std::size_t total) : total_(total), enabled_(isatty(STDERR_FILENO) != 0) {}

void ProgressBar::update(std::size_t done) {
  if (!enabled_ || total_ == 0) return;
  const int percent = static_cast<int>(done * 100 / total_);
  if (percent == last_percent_) return;
  last_percent_ = percent;
  const int filled = percent / 4;
  std::fprintf(stderr, "\r[%.*s%*s] %3d%%", filled, "=========================", 25 - filled, "",
               percent);
  if (percent == 100) std::fputc('\n', stderr);
  std::fflush(stderr);
}

namespace {

// The same open time twice: the candle of the file given first stays. Pieces that overlap
// carry the same candle twice; a duplicate with other values is a conflict, counted apart.
void drop_duplicate_open_times(std::vector<core::Candle>& candles) {
  std::stable_sort(
      candles.begin(), candles.end(),
      [](const core::Candle& a, const core::Candle& b) { return a.open_time < b.open_time; });
  std::size_t dropped = 0, conflicting = 0;
  core::TimestampMs first_conflict{};
  std::size_t kept = 0;
  for (std::size_t i = 0; i < candles.size(); ++i) {
    const core::Candle& c = candles[i];
    if (kept > 0 && candles[kept - 1].open_time == c.open_time) {
      const core::Candle& k = candles[kept - 1];
      ++dropped;
      if (k.open != c.open || k.high != c.high || k.low != c.low || k.close != c.close ||
          k.volume != c.volume) {
        if (conflicting++ == 0) first_conflict = c.open_time;
      }
      continue;
    }
    candles[kept++] = c;
  }
  candles.resize(kept);
  if (dropped > 0) {
    std::printf("merged      %zu duplicate open times across files dropped\n", dropped);
  }
  if (conflicting > 0) {
    std::fprintf(stderr,
                 "warning: %zu of them had other prices or volume than the candle kept (the "
                 "first at %s); the file given first wins\n",
                 conflicting, core::format_iso8601(first_conflict).c_str());
  }
}

}  // namespace

LoadedCandles load_candles(const std::vector<std::string>& paths, const std::string& symbol,
                           const std::string& timeframe) {
  LoadedCandles out;
  for (const auto& path : paths) {
    feed::CandleFileOptions read_options;
    if (!timeframe.empty()) read_options.timeframe = core::parse_timeframe(timeframe);
    const auto file = feed::read_candle_file(path, read_options);
    if (!file.ok()) {
      std::fprintf(stderr, "error: %s\n", file.error->c_str());
      out.ok = false;
      return out;
    }
    const auto& st = file.stats;
    std::printf("read        %s: %zu candles, %zu rejected rows, %zu gaps (%lld missing)\n",
                path.c_str(), st.rows_accepted, st.rows_rejected(), st.gap_count,
                static_cast<long long>(st.missing_candles));
    for (const auto& message : st.messages) std::fprintf(stderr, "warning: %s\n", message.c_str());
    // Several files are one stream cut in pieces (months, say): files of another symbol would
    // be merged into it, their candles dropped as duplicate open times.
    if (!out.symbol.empty() && !file.symbol.empty() && file.symbol != out.symbol) {
      std::fprintf(stderr, "error: %s is %s, the other files are %s (one symbol per run)\n",
                   path.c_str(), std::string(file.symbol.view()).c_str(),
                   std::string(out.symbol.view()).c_str());
      out.ok = false;
      return out;
    }
    if (out.symbol.empty()) out.symbol = file.symbol;
    if (!out.timeframe) out.timeframe = file.timeframe;
    if (file.timeframe && out.timeframe != file.timeframe) {
      std::fprintf(stderr, "error: %s is %s, the other files are %s\n", path.c_str(),
                   std::string(core::to_string(*file.timeframe)).c_str(),
                   std::string(core::to_string(*out.timeframe)).c_str());
      out.ok = false;
      return out;
    }
    out.candles.insert(out.candles.end(), file.candles.begin(), file.candles.end());
  }
  drop_duplicate_open_times(out.candles);
  if (!symbol.empty()) out.symbol = core::Symbol(symbol);
  if (out.symbol.empty() || !out.timeframe) {
    std::string names;
    for (const auto& path : paths)
      names += (names.empty() ? "" : ", ") + std::filesystem::path(path).filename().string();
    std::fprintf(stderr,
                 "error: give --symbol and --timeframe (the file names do not say them: %s)\n",
                 names.c_str());
    out.ok = false;
  }
  return out;
}

std::vector<LoadedCandles> load_streams(const std::vector<std::string>& paths) {
  std::vector<LoadedCandles> streams;
  for (const auto& path : paths) {
    LoadedCandles file = load_candles({path}, "", "");
    if (!file.ok) return {};
    const auto same = std::find_if(streams.begin(), streams.end(), [&](const LoadedCandles& s) {
      return s.symbol == file.symbol && s.timeframe == file.timeframe;
    });
    if (same == streams.end()) {
      streams.push_back(std::move(file));
      continue;
    }
    same->candles.insert(same->candles.end(), file.candles.begin(), file.candles.end());
    drop_duplicate_open_times(same->candles);
  }
  return streams;
}

Replay replay(const LoadedCandles& loaded, const strategy::PipelineSettings& settings,
              std::size_t record_from, std::span<const std::size_t> marks, bool keep_candidates,
              ProgressBar* progress) {
  Replay out;
  out.filter_stats_at.resize(marks.size());
  // The marks in candle order, so the loop tests one index per candle.
  std::vector<std::size_t> order(marks.size());
  for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return marks[a] < marks[b]; });
  std::size_t next_mark = 0;

  strategy::SignalPipeline pipeline(loaded.symbol, *loaded.timeframe, settings);
  const std::vector<core::Candle>& candles = loaded.candles;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < candles.size(); ++i) {
    while (next_mark < order.size() && marks[order[next_mark]] == i) {
      out.filter_stats_at[order[next_mark++]] = pipeline.filter_stats();
    }
    const strategy::Decision& d = pipeline.on_closed_candle(candles[i]);
    if (d.emitted && i >= record_from) {
      out.signals.push_back(d.signal);
      out.signal_candles.push_back(i);
    }
    if (keep_candidates && d.has_candidate && i >= record_from) {
      out.candidates.push_back(
          {i, d.candidate, d.levels, d.verdict,
           settings.enable_regime_detection ? d.regime.regime : core::MarketRegime::kWeakTrend});
    }
    if (progress != nullptr && (i & 0xfff) == 0) progress->update(i);
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (progress != nullptr) progress->update(candles.size());
  for (; next_mark < order.size(); ++next_mark) {
    out.filter_stats_at[order[next_mark]] = pipeline.filter_stats();
  }
  out.model_outcomes = pipeline.model().outcomes();
  out.model_base_rate = pipeline.model().base_rate();
  return out;
}

std::size_t first_candle_at_or_after(const std::vector<core::Candle>& candles,
                                     core::TimestampMs t) {
  return static_cast<std::size_t>(std::lower_bound(candles.begin(), candles.end(), t,
                                                   [](const core::Candle& c, core::TimestampMs at) {
                                                     return c.open_time < at;
                                                   }) -
                                  candles.begin());
}

std::size_t candle_at_bound(const std::vector<core::Candle>& candles, const SpanBound& bound) {
  const std::size_t n = candles.size();
  return bound.time
             ? first_candle_at_or_after(candles, *bound.time)
             : std::min(n, static_cast<std::size_t>(bound.fraction * static_cast<double>(n)));
}

evaluation::CandleView candles_between(const std::vector<core::Candle>& candles, std::size_t begin,
                                       std::size_t end) {
  return evaluation::CandleView(candles).subspan(begin, end - begin);
}

void add_in_time_order(evaluation::Evaluator& evaluator, std::vector<const core::Signal*> signals,
                       JsonlExport* out) {
  std::stable_sort(signals.begin(), signals.end(),
                   [](const core::Signal* a, const core::Signal* b) {
                     return a->candle_open_time < b->candle_open_time;
                   });
  for (const core::Signal* signal : signals) {
    const evaluation::JudgedSignal& judged = evaluator.add(*signal);
    if (out != nullptr && out->enabled()) out->write(evaluation::to_jsonl(judged.signal));
  }
}

JsonlExport::JsonlExport(const std::string& path) : path_(path) {
  if (enabled()) out_.open(path_);
}

void JsonlExport::write(std::string_view line) {
  if (!enabled()) return;
  out_ << line << '\n';
  ++written_;
}

bool JsonlExport::finish() {
  if (!enabled()) return true;
  out_.flush();
  if (!out_) std::fprintf(stderr, "error: writing %s failed\n", path_.c_str());
  return static_cast<bool>(out_);
}

evaluation::FilterStats filter_between(const strategy::FilterStats& before,
                                       const strategy::FilterStats& after) {
  evaluation::FilterStats out;
  out.candidates = static_cast<std::uint64_t>(after.candidates - before.candidates);
  out.rejected = static_cast<std::uint64_t>(after.rejected() - before.rejected());
  for (std::size_t r = 0; r < strategy::kRejectionReasonCount; ++r) {
    const auto count = after.rejected_by_reason[r] - before.rejected_by_reason[r];
    if (count == 0) continue;
    out.rejection_reasons[std::string(strategy::to_string(
        static_cast<strategy::RejectionReason>(r)))] = static_cast<std::uint64_t>(count);
  }
  return out;
}

}  // namespace alphapulse::app
