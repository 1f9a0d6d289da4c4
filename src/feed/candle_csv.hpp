// feed/candle_csv: reads candle files (the project's 6-column CSV and Binance's 12-column
// kline dumps, auto-detected), validates every row at this edge so nothing downstream has to,
// and writes candles back in the project format. Data errors come back in the result, never
// as exceptions: replay must be able to skip a bad row and keep going.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/candle.hpp"
#include "core/symbol.hpp"
#include "core/time.hpp"
#include "core/timeframe.hpp"

namespace alphapulse::feed {

enum class CandleFileFormat : std::uint8_t {
  kUnknown,
  kProject,        // open_time_ms,open,high,low,close,volume (header line expected)
  kBinanceKlines,  // the 12 kline columns of data.binance.vision dumps, header optional
};
std::string_view to_string(CandleFileFormat format);  // "unknown" | "project" | "binance_klines"

// Why a row was rejected. A row is counted under the first problem found: field count, then
// numbers, then values (core::validate, then the Binance extras), then times.
enum class RowError : std::uint8_t {
  kWrongFieldCount,
  kBadNumber,  // empty, not a number, trailing characters, or out of range
  kNonFiniteValue,
  kNonPositivePrice,
  kHighBelowBody,
  kLowAboveBody,
  kNegativeVolume,  // also a negative quote/taker volume or trade count (Binance format)
  kMisalignedOpenTime,
  kInconsistentCloseTime,  // Binance format: close_time != open_time + timeframe - 1 ms
  kDuplicateOpenTime,      // same open time as the previous accepted row: the first one wins
  kOutOfOrderOpenTime,     // earlier than the previous accepted row
};
inline constexpr std::size_t kRowErrorCount = 11;
std::string_view to_string(RowError error);  // "high is below max(open, close)", ...

enum class ValidationMode : std::uint8_t {
  kLenient,  // skip bad rows, count them, keep going (replay)
  kStrict,   // stop at the first bad row (tools that must not silently lose data)
};

struct CandleFileOptions {
  ValidationMode mode = ValidationMode::kLenient;
  // When unset: from the file name ("BTCUSDT_15m.csv", "BTCUSDT-15m-2024-07.csv"), then from
  // the data (Binance format: close_time - open_time + 1; project format: the most common step
  // between rows).
  std::optional<core::Timeframe> timeframe;
  std::size_t max_messages = 20;     // lenient mode: example messages kept
  std::size_t max_gap_reports = 10;  // gaps listed individually (all are counted)
};

// Candles missing between two consecutive accepted rows. Not an error: exchanges have outages.
struct Gap {
  core::TimestampMs from;    // open time of the accepted candle before the gap
  core::TimestampMs to;      // open time of the accepted candle after the gap
  std::int64_t missing = 0;  // (to - from) / timeframe - 1
  std::size_t line = 0;      // line of the row after the gap
};

struct CandleFileStats {
  std::size_t rows_read = 0;  // data rows seen (headers and blank lines excluded)
  std::size_t rows_accepted = 0;
  std::array<std::size_t, kRowErrorCount> rejected_by_error{};
  std::size_t repeated_headers = 0;  // header lines met again mid-file (concatenated dumps)
  std::size_t gap_count = 0;
  std::int64_t missing_candles = 0;
  std::vector<Gap> gaps;              // the first max_gap_reports gaps
  std::vector<std::string> messages;  // the first max_messages rejections, as in strict mode

  std::size_t rejected(RowError error) const {
    return rejected_by_error[static_cast<std::size_t>(error)];
  }
  std::size_t rows_rejected() const;
};

struct CandleFileResult {
  std::vector<core::Candle> candles;  // accepted rows in file order (strict: those before error)
  core::Symbol symbol;                // from the file name; empty when it names none
  // nullopt when the file has no data rows, or with `error` when it could not be determined.
  std::optional<core::Timeframe> timeframe;
  CandleFileFormat format = CandleFileFormat::kUnknown;
  CandleFileStats stats;
  // Set for I/O errors, an undetectable format or timeframe, and in strict mode the first bad
  // row: "<file>:<line>: field '<field>': <what> (<values as written>)".
  std::optional<std::string> error;

  bool ok() const { return !error.has_value(); }
};

// Reads the whole file at once. Messages name the file by its file name.
CandleFileResult read_candle_file(const std::filesystem::path& path,
                                  const CandleFileOptions& options = {});

// Parses CSV text already in memory. `name` stands for the file in messages and is where the
// symbol and timeframe are inferred from, so pass the file name when there is one.
CandleFileResult parse_candle_csv(std::string_view text, std::string_view name,
                                  const CandleFileOptions& options = {});

// Symbol and timeframe named by a file name such as "BTCUSDT_15m.csv" or
// "/data/BTCUSDT-1h-2024-07.csv". Either part may be missing.
struct FileNameInfo {
  core::Symbol symbol;
  std::optional<core::Timeframe> timeframe;
};
FileNameInfo parse_candle_file_name(std::string_view name);

// Writes the project format (header plus one row per candle) with shortest round-trip number
// formatting, so reading the output gives back bit-identical OHLCV. Exchange extras and
// received_time are not part of that format. Returns false when the stream failed.
bool write_candle_csv(std::ostream& out, std::span<const core::Candle> candles);

}  // namespace alphapulse::feed
