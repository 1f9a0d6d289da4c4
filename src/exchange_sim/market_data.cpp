// exchange_sim/market_data: file discovery and loading through feed::read_candle_file (lenient:
// bad rows are skipped by the reader; the simulator serves what the engine would accept).
#include "exchange_sim/market_data.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <set>

#include "feed/candle_csv.hpp"

namespace alphapulse::exchange_sim {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// "BTCUSDT_15m" from any accepted filter spelling; empty when it names nothing.
std::string normalise_filter_entry(std::string_view entry) {
  if (const auto at = entry.find("@kline_"); at != std::string_view::npos) {
    std::string symbol(entry.substr(0, at));
    for (char& ch : symbol) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return symbol + "_" + std::string(entry.substr(at + 7));
  }
  if (entry.size() > 4 && entry.substr(entry.size() - 4) == ".csv") entry.remove_suffix(4);
  return std::string(entry);
}

}  // namespace

std::string stream_name(std::string_view symbol, std::string_view interval) {
  return lower(symbol) + "@kline_" + std::string(interval);
}

std::size_t StreamData::first_open_after(core::TimestampMs t) const {
  const auto it = std::upper_bound(
      candles.begin(), candles.end(), t,
      [](core::TimestampMs value, const core::Candle& c) { return value < c.open_time; });
  return static_cast<std::size_t>(it - candles.begin());
}

std::optional<MarketData> MarketData::load(const std::filesystem::path& data_dir,
                                           const std::vector<std::string>& filter,
                                           std::size_t start_index, std::string* error) {
  const auto fail = [&](std::string message) -> std::optional<MarketData> {
    if (error) *error = std::move(message);
    return std::nullopt;
  };
  std::error_code ec;
  if (!std::filesystem::is_directory(data_dir, ec))
    return fail("data dir '" + data_dir.string() + "' is not a directory");

  std::set<std::string> wanted;
  for (const auto& entry : filter) wanted.insert(normalise_filter_entry(entry));

  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".csv") continue;
    const auto info = feed::parse_candle_file_name(entry.path().filename().string());
    if (info.symbol.empty() || !info.timeframe) continue;
    const std::string key = info.symbol.str() + "_" + std::string(core::to_string(*info.timeframe));
    if (entry.path().stem().string() != key) continue;  // SYMBOL_TIMEFRAME.csv only
    if (!wanted.empty() && wanted.count(key) == 0) continue;
    files.push_back(entry.path());
  }
  if (ec) return fail("cannot list '" + data_dir.string() + "': " + ec.message());
  std::sort(files.begin(), files.end());

  MarketData data;
  std::set<std::string> found;
  for (const auto& file : files) {
    auto result = feed::read_candle_file(file);
    if (!result.ok()) return fail(*result.error);
    if (result.candles.empty() || !result.timeframe) continue;
    StreamData stream;
    stream.symbol = result.symbol.str();
    stream.timeframe = *result.timeframe;
    stream.interval = std::string(core::to_string(stream.timeframe));
    stream.name = stream_name(stream.symbol, stream.interval);
    stream.step = core::duration(stream.timeframe);
    stream.file = file;
    stream.candles = std::move(result.candles);
    std::int64_t next_trade_id = 1;
    stream.first_trade_id.reserve(stream.candles.size());
    for (auto& candle : stream.candles) {
      candle.close_time = candle.open_time + core::DurationMs{stream.step.count - 1};
      candle.received_time = {};
      stream.first_trade_id.push_back(next_trade_id);
      next_trade_id += std::max<std::int64_t>(candle.trades, 0);
    }
    found.insert(stream.symbol + "_" + stream.interval);
    data.streams_.push_back(std::move(stream));
  }
  for (const auto& name : wanted) {
    if (found.count(name) == 0)
      return fail("no usable candle file " + name + ".csv in '" + data_dir.string() + "'");
  }
  if (data.streams_.empty())
    return fail("no SYMBOL_TIMEFRAME.csv candle files in '" + data_dir.string() + "'");

  core::TimestampMs start{std::numeric_limits<std::int64_t>::min()};
  for (const auto& stream : data.streams_) {
    const std::size_t index = std::min(start_index, stream.candles.size() - 1);
    start = std::max(start, stream.candles[index].open_time);
  }
  data.clock_start_ = start;
  return data;
}

const StreamData* MarketData::find(std::string_view symbol, std::string_view interval) const {
  for (const auto& stream : streams_) {
    if (stream.symbol == symbol && stream.interval == interval) return &stream;
  }
  return nullptr;
}

const StreamData* MarketData::find_by_name(std::string_view name) const {
  for (const auto& stream : streams_) {
    if (stream.name == name) return &stream;
  }
  return nullptr;
}

bool MarketData::has_symbol(std::string_view symbol) const {
  return std::any_of(streams_.begin(), streams_.end(),
                     [&](const StreamData& s) { return s.symbol == symbol; });
}

}  // namespace alphapulse::exchange_sim
