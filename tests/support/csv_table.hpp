// tests/support/csv_table: loads a small CSV with a header into columns of doubles (empty
// cell = NaN). Test-only: independent of the project's own reader so that reader bugs
// cannot hide in the expectations.
#pragma once

#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/candle.hpp"

namespace alphapulse::test {

struct CsvTable {
  std::vector<std::string> columns;
  std::map<std::string, std::vector<double>> values;

  const std::vector<double>& column(const std::string& name) const {
    auto it = values.find(name);
    if (it == values.end()) throw std::runtime_error("no column " + name);
    return it->second;
  }
  std::size_t rows() const { return values.empty() ? 0 : values.begin()->second.size(); }
};

inline CsvTable load_csv_table(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  CsvTable table;
  std::string line;
  std::getline(in, line);
  std::stringstream header(line);
  for (std::string name; std::getline(header, name, ',');) table.columns.push_back(name);
  while (std::getline(in, line)) {
    std::size_t col = 0;
    std::size_t start = 0;
    while (col < table.columns.size()) {
      const std::size_t end = line.find(',', start);
      const std::string cell =
          line.substr(start, end == std::string::npos ? std::string::npos : end - start);
      table.values[table.columns[col]].push_back(
          cell.empty() ? std::numeric_limits<double>::quiet_NaN() : std::stod(cell));
      ++col;
      if (end == std::string::npos) break;
      start = end + 1;
    }
    for (; col < table.columns.size(); ++col) {
      table.values[table.columns[col]].push_back(std::numeric_limits<double>::quiet_NaN());
    }
  }
  return table;
}

// Candles from a table with open_time_ms,open,high,low,close,volume columns.
inline std::vector<core::Candle> candles_from_table(const CsvTable& t, std::int64_t interval_ms) {
  std::vector<core::Candle> out(t.rows());
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& c = out[i];
    c.open_time = {static_cast<std::int64_t>(t.column("open_time_ms")[i])};
    c.close_time = {c.open_time.ms + interval_ms - 1};
    c.open = t.column("open")[i];
    c.high = t.column("high")[i];
    c.low = t.column("low")[i];
    c.close = t.column("close")[i];
    c.volume = t.column("volume")[i];
  }
  return out;
}

inline std::string test_data(const std::string& relative) {
  return std::string(ALPHAPULSE_TEST_DATA_DIR) + "/" + relative;
}
inline std::string sample_data(const std::string& relative) {
  return std::string(ALPHAPULSE_SAMPLE_DIR) + "/" + relative;
}

}  // namespace alphapulse::test
