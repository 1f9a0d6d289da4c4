// feed/candle_csv: format detection, timeframe inference, the per-row validation loop and the
// project-format writer. The loop runs over one in-memory buffer with string_views and
// std::from_chars: no allocation per row or field unless the row is rejected.
#include "feed/candle_csv.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ostream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace alphapulse::feed {
namespace {

using core::Candle;
using core::CandleError;
using core::Timeframe;
using core::TimestampMs;

constexpr std::size_t kProjectFieldCount = 6;
constexpr std::size_t kBinanceFieldCount = 12;
constexpr std::size_t kNoField = static_cast<std::size_t>(-1);

// Column positions; the first six are the same in both formats.
enum FieldIndex : std::size_t {
  kOpenTime,
  kOpen,
  kHigh,
  kLow,
  kClose,
  kVolume,
  kCloseTime,
  kQuoteVolume,
  kTrades,
  kTakerBuyBaseVolume,
  kTakerBuyQuoteVolume,
};

constexpr std::array<std::string_view, kProjectFieldCount> kProjectFieldNames{
    "open_time_ms", "open", "high", "low", "close", "volume"};
constexpr std::array<std::string_view, kBinanceFieldCount> kBinanceFieldNames{
    "open_time",
    "open",
    "high",
    "low",
    "close",
    "volume",
    "close_time",
    "quote_volume",
    "trades",
    "taker_buy_base_volume",
    "taker_buy_quote_volume",
    "ignore"};

// Binance spot dumps switched from milliseconds to microseconds on 2025-01-01. A millisecond
// timestamp only reaches 1e14 in the year 5138, so anything from there on is microseconds.
constexpr std::int64_t kMicrosecondThreshold = 100'000'000'000'000;
// Larger values are rejected, which keeps open_time + timeframe - 1 far from int64 overflow.
constexpr std::int64_t kMaxTimestamp = 100'000'000'000'000'000;

// Enough rows to see the dominant step even in a file full of gaps, few enough to be free.
constexpr std::size_t kInferenceRows = 1000;
// How far format detection looks for a row with a known field count past leading bad rows.
constexpr std::size_t kDetectionRows = 100;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

constexpr bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    return lower(x) == lower(y);
  });
}

bool parse_int(std::string_view s, std::int64_t& out) {
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && ptr == end && !s.empty();
}

bool parse_double(std::string_view s, double& out) {
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && ptr == end && !s.empty();
}

// Iterates the lines of a buffer; a line excludes its '\n' and any trailing '\r'.
class LineReader {
 public:
  LineReader(std::string_view text, std::size_t offset, std::size_t lines_before)
      : text_(text), pos_(offset), line_number_(lines_before) {}

  bool next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    const char* begin = text_.data() + pos_;
    const std::size_t left = text_.size() - pos_;
    const void* newline = std::memchr(begin, '\n', left);
    const std::size_t length =
        newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - begin) : left;
    line = std::string_view(begin, length);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ += length + 1;
    ++line_number_;
    return true;
  }
  std::size_t line_number() const { return line_number_; }  // of the line last returned
  std::size_t offset() const { return pos_; }               // where the next line starts

 private:
  std::string_view text_;
  std::size_t pos_;
  std::size_t line_number_;
};

// Splits on ',' and trims each field. Returns the real field count; only the first
// kBinanceFieldCount fields are stored.
using Fields = std::array<std::string_view, kBinanceFieldCount>;
std::size_t split_fields(std::string_view line, Fields& fields) {
  std::size_t count = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    const std::size_t end = comma == std::string_view::npos ? line.size() : comma;
    if (count < fields.size()) fields[count] = trim(line.substr(start, end - start));
    ++count;
    if (comma == std::string_view::npos) return count;
    start = comma + 1;
  }
}

CandleFileFormat format_of_header(const Fields& fields, std::size_t count) {
  if (count != kProjectFieldCount && count != kBinanceFieldCount) return CandleFileFormat::kUnknown;
  if (!equals_ignore_case(fields[kOpenTime], "open_time_ms") &&
      !equals_ignore_case(fields[kOpenTime], "open_time")) {
    return CandleFileFormat::kUnknown;
  }
  for (std::size_t i = kOpen; i <= kVolume; ++i) {
    if (!equals_ignore_case(fields[i], kProjectFieldNames[i])) return CandleFileFormat::kUnknown;
  }
  if (count == kProjectFieldCount) return CandleFileFormat::kProject;
  // The names of the later Binance columns vary between dumps ("count", "number_of_trades",
  // "taker_buy_volume", ...); close_time is the one that never does.
  if (!equals_ignore_case(fields[kCloseTime], "close_time")) return CandleFileFormat::kUnknown;
  return CandleFileFormat::kBinanceKlines;
}

CandleFileFormat format_of_field_count(std::size_t count) {
  if (count == kProjectFieldCount) return CandleFileFormat::kProject;
  if (count == kBinanceFieldCount) return CandleFileFormat::kBinanceKlines;
  return CandleFileFormat::kUnknown;
}

struct Detection {
  CandleFileFormat format = CandleFileFormat::kUnknown;
  std::string_view header;  // trimmed header line, empty when the file has none
  std::size_t data_offset = 0;
  std::size_t lines_before_data = 0;
  bool has_content = false;  // any non-blank line at all
  std::optional<std::string> error;
};

std::string location(std::string_view name, std::size_t line) {
  std::string out(name);
  out += ':';
  out += std::to_string(line);
  out += ": ";
  return out;
}

Detection detect_format(std::string_view text, std::string_view name) {
  Detection d;
  LineReader lines(text, 0, 0);
  std::string_view line;
  Fields fields;
  std::size_t data_rows_seen = 0;
  while (lines.next(line)) {
    line = trim(line);
    if (line.empty()) continue;
    const std::size_t count = split_fields(line, fields);
    if (!d.has_content) {
      d.has_content = true;
      std::int64_t ignored;
      if (!parse_int(fields[kOpenTime], ignored)) {
        d.header = line;
        d.data_offset = lines.offset();
        d.lines_before_data = lines.line_number();
        d.format = format_of_header(fields, count);
        if (d.format == CandleFileFormat::kUnknown) {
          d.error = location(name, lines.line_number()) + "unrecognized header \"" +
                    std::string(line) +
                    "\" (expected open_time_ms,open,high,low,close,volume or the 12 Binance "
                    "kline columns open_time,open,high,low,close,volume,close_time,...)";
        }
        return d;
      }
      // No header: data starts on this line. A project file written without its header is
      // still unambiguous, so it is accepted too.
      d.data_offset = 0;
      d.lines_before_data = 0;
    }
    d.format = format_of_field_count(count);
    if (d.format != CandleFileFormat::kUnknown) return d;
    if (++data_rows_seen == kDetectionRows) break;
  }
  if (d.has_content) {
    d.error = std::string(name) +
              ": cannot detect the format: no row with 6 (project) or 12 (Binance kline) fields";
  }
  return d;
}

std::optional<Timeframe> timeframe_of_duration(std::int64_t ms) {
  for (int i = 0; i <= static_cast<int>(Timeframe::k1d); ++i) {
    const auto tf = static_cast<Timeframe>(i);
    if (core::duration(tf).count == ms) return tf;
  }
  return std::nullopt;
}

struct Inference {
  std::optional<Timeframe> timeframe;
  std::size_t data_rows = 0;
  std::optional<std::string> error;
};

// Binance rows carry their own interval (close_time - open_time + 1), which works even for a
// single row; the project format only has the steps between rows, of which gaps make some
// larger, so the most common one wins.
Inference infer_timeframe(std::string_view text, const Detection& d, std::string_view name) {
  Inference inference;
  std::vector<std::int64_t> steps;
  LineReader lines(text, d.data_offset, d.lines_before_data);
  std::string_view line;
  Fields fields;
  std::optional<std::int64_t> previous_open;
  while (inference.data_rows < kInferenceRows && lines.next(line)) {
    line = trim(line);
    if (line.empty() || line == d.header) continue;
    ++inference.data_rows;
    const std::size_t count = split_fields(line, fields);
    std::int64_t open = 0;
    if (!parse_int(fields[kOpenTime], open) || open < 0 || open >= kMaxTimestamp) continue;
    if (d.format == CandleFileFormat::kBinanceKlines) {
      std::int64_t close = 0;
      if (count != kBinanceFieldCount || !parse_int(fields[kCloseTime], close)) continue;
      const std::int64_t unit = open >= kMicrosecondThreshold ? 1000 : 1;
      if (close - open + 1 > 0) steps.push_back((close - open + 1) / unit);
    } else {
      if (previous_open && open > *previous_open) steps.push_back(open - *previous_open);
      previous_open = open;
    }
  }
  if (inference.data_rows == 0) return inference;  // a header and nothing else
  const std::string advice =
      "; pass CandleFileOptions::timeframe or name the file like BTCUSDT_15m.csv";
  if (steps.empty()) {
    inference.error = std::string(name) + ": cannot infer the timeframe from the data" + advice;
    return inference;
  }
  std::sort(steps.begin(), steps.end());
  std::int64_t best_step = steps.front();
  std::size_t best_run = 0;
  for (std::size_t i = 0; i < steps.size();) {
    std::size_t j = i;
    while (j < steps.size() && steps[j] == steps[i]) ++j;
    if (j - i > best_run) {
      best_run = j - i;
      best_step = steps[i];
    }
    i = j;
  }
  inference.timeframe = timeframe_of_duration(best_step);
  if (!inference.timeframe) {
    inference.error =
        std::string(name) + ": cannot infer the timeframe: the most common " +
        (d.format == CandleFileFormat::kBinanceKlines ? "candle duration" : "step between rows") +
        " is " + std::to_string(best_step) + " ms, which is not a supported timeframe" + advice;
  }
  return inference;
}

struct RowProblem {
  RowError error;
  std::size_t field;  // kNoField when the problem is not one field's
};

// Validates rows in file order and keeps the state the order checks and gap report need.
class RowParser {
 public:
  RowParser(std::string_view name, CandleFileFormat format, Timeframe timeframe,
            const CandleFileOptions& options, CandleFileResult& result)
      : name_(name),
        binance_(format == CandleFileFormat::kBinanceKlines),
        expected_fields_(binance_ ? kBinanceFieldCount : kProjectFieldCount),
        timeframe_(timeframe),
        step_ms_(core::duration(timeframe).count),
        options_(options),
        result_(result) {}

  // Returns false when strict mode stops at this row.
  bool add_row(std::string_view line, std::size_t line_number) {
    ++result_.stats.rows_read;
    const std::size_t count = split_fields(line, fields_);
    Candle candle{};
    if (const auto problem = check(count, candle)) {
      ++result_.stats.rejected_by_error[static_cast<std::size_t>(problem->error)];
      if (options_.mode == ValidationMode::kStrict) {
        result_.error = describe(*problem, count, line_number);
        return false;
      }
      if (result_.stats.messages.size() < options_.max_messages) {
        result_.stats.messages.push_back(describe(*problem, count, line_number));
      }
      return true;
    }
    if (has_previous_ && candle.open_time.ms - previous_open_ms_ > step_ms_) {
      record_gap(candle.open_time.ms, line_number);
    }
    has_previous_ = true;
    previous_open_ms_ = candle.open_time.ms;
    previous_line_ = line_number;
    ++result_.stats.rows_accepted;
    result_.candles.push_back(candle);
    return true;
  }

 private:
  std::string_view field_name(std::size_t field) const {
    return binance_ ? kBinanceFieldNames[field] : kProjectFieldNames[field];
  }

  std::optional<RowProblem> check(std::size_t count, Candle& c) const {
    if (count != expected_fields_) return RowProblem{RowError::kWrongFieldCount, kNoField};
    std::int64_t open_time = 0;
    if (!parse_int(fields_[kOpenTime], open_time) || open_time < 0 || open_time >= kMaxTimestamp) {
      return RowProblem{RowError::kBadNumber, kOpenTime};
    }
    double* const prices[] = {&c.open, &c.high, &c.low, &c.close, &c.volume};
    for (std::size_t i = kOpen; i <= kVolume; ++i) {
      if (!parse_double(fields_[i], *prices[i - kOpen])) {
        return RowProblem{RowError::kBadNumber, i};
      }
    }
    std::int64_t close_time = 0;
    if (binance_) {
      if (!parse_int(fields_[kCloseTime], close_time) || close_time < 0 ||
          close_time >= kMaxTimestamp) {
        return RowProblem{RowError::kBadNumber, kCloseTime};
      }
      if (!parse_double(fields_[kQuoteVolume], c.quote_volume)) {
        return RowProblem{RowError::kBadNumber, kQuoteVolume};
      }
      if (!parse_int(fields_[kTrades], c.trades)) return RowProblem{RowError::kBadNumber, kTrades};
      if (!parse_double(fields_[kTakerBuyBaseVolume], c.taker_buy_base_volume)) {
        return RowProblem{RowError::kBadNumber, kTakerBuyBaseVolume};
      }
      if (!parse_double(fields_[kTakerBuyQuoteVolume], c.taker_buy_quote_volume)) {
        return RowProblem{RowError::kBadNumber, kTakerBuyQuoteVolume};
      }
      c.has_exchange_extras = true;
    }

    if (const CandleError error = core::validate(c); error != CandleError::kNone) {
      return RowProblem{to_row_error(error), field_index(core::offending_field(c, error))};
    }
    if (binance_) {
      if (const auto problem = check_extras(c)) return problem;
    }

    const std::int64_t unit = binance_ && open_time >= kMicrosecondThreshold ? 1000 : 1;
    const std::int64_t step = step_ms_ * unit;
    if (open_time % step != 0) return RowProblem{RowError::kMisalignedOpenTime, kOpenTime};
    if (binance_ && close_time != open_time + step - 1) {
      return RowProblem{RowError::kInconsistentCloseTime, kCloseTime};
    }
    const std::int64_t open_ms = open_time / unit;
    if (has_previous_ && open_ms == previous_open_ms_) {
      return RowProblem{RowError::kDuplicateOpenTime, kOpenTime};
    }
    if (has_previous_ && open_ms < previous_open_ms_) {
      return RowProblem{RowError::kOutOfOrderOpenTime, kOpenTime};
    }
    c.open_time = TimestampMs{open_ms};
    c.close_time = TimestampMs{open_ms + step_ms_ - 1};
    return std::nullopt;
  }

  static std::optional<RowProblem> check_extras(const Candle& c) {
    const std::pair<double, std::size_t> volumes[] = {
        {c.quote_volume, kQuoteVolume},
        {c.taker_buy_base_volume, kTakerBuyBaseVolume},
        {c.taker_buy_quote_volume, kTakerBuyQuoteVolume},
    };
    for (const auto& [value, field] : volumes) {
      if (!std::isfinite(value)) return RowProblem{RowError::kNonFiniteValue, field};
      if (value < 0) return RowProblem{RowError::kNegativeVolume, field};
    }
    if (c.trades < 0) return RowProblem{RowError::kNegativeVolume, kTrades};
    return std::nullopt;
  }

  static RowError to_row_error(CandleError error) {
    switch (error) {
      case CandleError::kNonFiniteValue:
        return RowError::kNonFiniteValue;
      case CandleError::kNonPositivePrice:
        return RowError::kNonPositivePrice;
      case CandleError::kHighBelowBody:
        return RowError::kHighBelowBody;
      case CandleError::kLowAboveBody:
        return RowError::kLowAboveBody;
      case CandleError::kNegativeVolume:
      case CandleError::kNone:
        break;
    }
    return RowError::kNegativeVolume;
  }

  // core::offending_field speaks of open/high/low/close/volume, which sit at the same
  // positions in both formats.
  static std::size_t field_index(std::string_view field) {
    for (std::size_t i = kOpen; i <= kVolume; ++i) {
      if (kProjectFieldNames[i] == field) return i;
    }
    return kNoField;
  }

  void record_gap(std::int64_t open_ms, std::size_t line_number) {
    auto& stats = result_.stats;
    const std::int64_t missing = (open_ms - previous_open_ms_) / step_ms_ - 1;
    ++stats.gap_count;
    stats.missing_candles += missing;
    if (stats.gaps.size() < options_.max_gap_reports) {
      stats.gaps.push_back(
          Gap{TimestampMs{previous_open_ms_}, TimestampMs{open_ms}, missing, line_number});
    }
  }

  // Only rejected rows get here, so the allocations do not touch the accepted-row path.
  std::string describe(const RowProblem& problem, std::size_t count,
                       std::size_t line_number) const {
    std::string out = location(name_, line_number);
    if (problem.error == RowError::kWrongFieldCount) {
      return out + "wrong number of fields: expected " + std::to_string(expected_fields_) +
             ", got " + std::to_string(count);
    }
    const std::string_view field = field_name(problem.field);
    const auto value_of = [&](std::size_t i) {
      return std::string(field_name(i)) + "=" + std::string(fields_[i]);
    };
    out += "field '";
    out += field;
    out += "': ";
    switch (problem.error) {
      case RowError::kBadNumber: {
        const bool integer =
            problem.field == kOpenTime || problem.field == kCloseTime || problem.field == kTrades;
        out += fields_[problem.field].empty() ? "empty, expected a" : "not a valid";
        out += problem.field == kTrades ? " integer" : integer ? " timestamp" : " number";
        if (!fields_[problem.field].empty()) {
          out += ": \"" + std::string(fields_[problem.field]) + "\"";
        }
        break;
      }
      case RowError::kHighBelowBody:
      case RowError::kLowAboveBody:
        out += std::string(to_string(problem.error)) + " (" + value_of(problem.field) + ", " +
               value_of(kOpen) + ", " + value_of(kClose) + ")";
        break;
      case RowError::kNegativeVolume:
        out += problem.field == kVolume ? to_string(problem.error) : "value is negative";
        out += " (" + value_of(problem.field) + ")";
        break;
      case RowError::kNonFiniteValue:
      case RowError::kNonPositivePrice:
        out += std::string(to_string(problem.error)) + " (" + value_of(problem.field) + ")";
        break;
      case RowError::kMisalignedOpenTime:
        out += "open time " + std::string(fields_[kOpenTime]) + " is not aligned to " +
               std::string(core::to_string(timeframe_));
        break;
      case RowError::kInconsistentCloseTime: {
        std::int64_t open_time = 0;
        parse_int(fields_[kOpenTime], open_time);
        const std::int64_t unit = open_time >= kMicrosecondThreshold ? 1000 : 1;
        out += "close time is not open time + " + std::string(core::to_string(timeframe_)) +
               " - 1 (" + value_of(kCloseTime) + ", expected " +
               std::to_string(open_time + step_ms_ * unit - 1) + ")";
        break;
      }
      case RowError::kDuplicateOpenTime:
        out += "duplicate open time (" + value_of(kOpenTime) + " is also on line " +
               std::to_string(previous_line_) + ")";
        break;
      case RowError::kOutOfOrderOpenTime:
        out += "open time out of order (" + value_of(kOpenTime) + " is before " +
               std::to_string(previous_open_ms_) + " on line " + std::to_string(previous_line_) +
               ")";
        break;
      case RowError::kWrongFieldCount:
        break;
    }
    return out;
  }

  std::string_view name_;
  bool binance_;
  std::size_t expected_fields_;
  Timeframe timeframe_;
  std::int64_t step_ms_;
  const CandleFileOptions& options_;
  CandleFileResult& result_;
  Fields fields_{};
  bool has_previous_ = false;
  std::int64_t previous_open_ms_ = 0;
  std::size_t previous_line_ = 0;
};

}  // namespace

std::string_view to_string(CandleFileFormat format) {
  switch (format) {
    case CandleFileFormat::kProject:
      return "project";
    case CandleFileFormat::kBinanceKlines:
      return "binance_klines";
    case CandleFileFormat::kUnknown:
      break;
  }
  return "unknown";
}

std::string_view to_string(RowError error) {
  switch (error) {
    case RowError::kWrongFieldCount:
      return "wrong number of fields";
    case RowError::kBadNumber:
      return "not a valid number";
    case RowError::kNonFiniteValue:
      return core::to_string(CandleError::kNonFiniteValue);
    case RowError::kNonPositivePrice:
      return core::to_string(CandleError::kNonPositivePrice);
    case RowError::kHighBelowBody:
      return core::to_string(CandleError::kHighBelowBody);
    case RowError::kLowAboveBody:
      return core::to_string(CandleError::kLowAboveBody);
    case RowError::kNegativeVolume:
      return core::to_string(CandleError::kNegativeVolume);
    case RowError::kMisalignedOpenTime:
      return "open time not aligned to the timeframe";
    case RowError::kInconsistentCloseTime:
      return "close time is not open time + timeframe - 1";
    case RowError::kDuplicateOpenTime:
      return "duplicate open time";
    case RowError::kOutOfOrderOpenTime:
      return "open time out of order";
  }
  return "unknown";
}

std::size_t CandleFileStats::rows_rejected() const {
  std::size_t total = 0;
  for (std::size_t n : rejected_by_error) total += n;
  return total;
}

FileNameInfo parse_candle_file_name(std::string_view name) {
  FileNameInfo info;
  const std::size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  // Up to the first dot, so "BTCUSDT_15m.csv.gz" still yields "15m".
  name = name.substr(0, name.find('.'));
  while (!name.empty()) {
    const std::size_t separator = name.find_first_of("_-");
    const std::string_view token = name.substr(0, separator);
    name.remove_prefix(separator == std::string_view::npos ? name.size() : separator + 1);
    if (!info.timeframe) {
      if (const auto tf = core::parse_timeframe(token)) {
        info.timeframe = tf;
        continue;
      }
    }
    // Digits-only tokens are the year and month of Binance dump names, not symbols.
    const bool has_letter =
        std::any_of(token.begin(), token.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (info.symbol.empty() && has_letter && core::is_valid_exchange_symbol(token)) {
      info.symbol = core::Symbol(token);
    }
  }
  return info;
}

CandleFileResult parse_candle_csv(std::string_view text, std::string_view name,
                                  const CandleFileOptions& options) {
  CandleFileResult result;
  const FileNameInfo from_name = parse_candle_file_name(name);
  result.symbol = from_name.symbol;
  if (text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());

  const Detection detection = detect_format(text, name);
  result.format = detection.format;
  if (detection.error) {
    result.error = detection.error;
    return result;
  }
  if (detection.format == CandleFileFormat::kUnknown) return result;  // nothing but blanks

  result.timeframe = options.timeframe ? options.timeframe : from_name.timeframe;
  if (!result.timeframe) {
    Inference inference = infer_timeframe(text, detection, name);
    result.timeframe = inference.timeframe;
    if (inference.error) {
      result.error = std::move(inference.error);
      return result;
    }
    if (!result.timeframe) return result;  // a header and no data
  }

  // One candle per line at most: reserving that up front avoids regrowing (and copying) the
  // vector on multi-million-row files, at the price of one fast scan for newlines.
  result.candles.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  RowParser parser(name, detection.format, *result.timeframe, options, result);
  LineReader lines(text, detection.data_offset, detection.lines_before_data);
  std::string_view line;
  while (lines.next(line)) {
    line = trim(line);
    if (line.empty()) continue;
    if (!detection.header.empty() && line == detection.header) {
      ++result.stats.repeated_headers;
      continue;
    }
    if (!parser.add_row(line, lines.line_number())) break;
  }
  return result;
}

CandleFileResult read_candle_file(const std::filesystem::path& path,
                                  const CandleFileOptions& options) {
  CandleFileResult result;
  const auto fail = [&](const std::string& why) {
    result.error = "cannot read '" + path.string() + "': " + why;
    return result;
  };
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) return fail(ec.message());
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return fail(std::strerror(errno));
  std::string text(static_cast<std::size_t>(size), '\0');
  const std::size_t got = std::fread(text.data(), 1, text.size(), file);
  const bool read_failed = std::ferror(file) != 0;
  std::fclose(file);
  if (read_failed) return fail("read error");
  text.resize(got);  // the file may have shrunk since file_size
  return parse_candle_csv(text, path.filename().string(), options);
}

bool write_candle_csv(std::ostream& out, std::span<const core::Candle> candles) {
  constexpr std::string_view kHeader = "open_time_ms,open,high,low,close,volume\n";
  out.write(kHeader.data(), static_cast<std::streamsize>(kHeader.size()));
  // Widest row: a 20-character int64 and five 24-character doubles, plus separators.
  constexpr std::size_t kMaxRow = 20 + 5 * (24 + 1) + 1;
  constexpr std::size_t kFlushAt = 1 << 16;
  std::string buffer;
  buffer.reserve(kFlushAt + kMaxRow);
  std::array<char, kMaxRow> row{};
  for (const Candle& c : candles) {
    char* p = row.data();
    char* const end = row.data() + row.size();
    p = std::to_chars(p, end, c.open_time.ms).ptr;
    for (double value : {c.open, c.high, c.low, c.close, c.volume}) {
      *p++ = ',';
      p = std::to_chars(p, end, value).ptr;  // shortest text that reads back bit-identical
    }
    *p++ = '\n';
    buffer.append(row.data(), p);
    if (buffer.size() >= kFlushAt) {
      out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      buffer.clear();
    }
  }
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  return out.good();
}

}  // namespace alphapulse::feed
