// Tests for ta/candle_patterns: bit-exact agreement with TA-Lib's reference outputs, streaming
// equals one pass, hand-derived cases for the rules, scale invariance, and rejected input.
#include "ta/candle_patterns.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace alphapulse::ta {

// gtest prints mismatching PatternValues through this (found by argument-dependent lookup).
void PrintTo(const PatternValues& v, std::ostream* os) {
  for (CandlePattern pattern : kAllCandlePatterns)
    *os << to_string(pattern) << '=' << v[pattern] << ' ';
}

namespace {

// ---- tiny local CSV reading (the real reader lives in src/feed and is not a dependency) ----

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();  // trailing empty cell
  return cells;
}

double parse_double(const std::string& text) {
  return std::strtod(text.c_str(), nullptr);
}

// The sample file: open_time_ms,open,high,low,close,volume.
std::vector<core::Candle> load_sample_candles(const std::string& path, std::size_t max_rows) {
  std::vector<core::Candle> candles;
  std::ifstream file(path);
  std::string line;
  std::getline(file, line);  // header
  while (candles.size() < max_rows && std::getline(file, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::vector<std::string> cells = split_csv_line(line);
    if (cells.size() < 6) continue;
    core::Candle c;
    c.open_time = core::TimestampMs{std::stoll(cells[0])};
    c.close_time = c.open_time + core::DurationMs{15 * 60 * 1000 - 1};
    c.open = parse_double(cells[1]);
    c.high = parse_double(cells[2]);
    c.low = parse_double(cells[3]);
    c.close = parse_double(cells[4]);
    c.volume = parse_double(cells[5]);
    candles.push_back(c);
  }
  return candles;
}

constexpr std::array<std::string_view, kCandlePatternCount> kReferenceColumns = {
    "cdl_doji",        "cdl_hammer",      "cdl_shootingstar",   "cdl_engulfing",
    "cdl_harami",      "cdl_morningstar", "cdl_eveningstar",    "cdl_3whitesoldiers",
    "cdl_3blackcrows", "cdl_piercing",    "cdl_darkcloudcover",
};

struct ReferenceRow {
  std::int64_t open_time_ms = 0;
  std::array<std::optional<int>, kCandlePatternCount> values;  // empty = inside the lookback
};

std::vector<ReferenceRow> load_reference(const std::string& path) {
  std::vector<ReferenceRow> rows;
  std::ifstream file(path);
  std::string line;
  if (!std::getline(file, line)) return rows;
  const std::vector<std::string> header = split_csv_line(line);
  auto column_of = [&](std::string_view name) -> int {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return static_cast<int>(i);
    }
    return -1;
  };
  const int time_column = column_of("open_time_ms");
  std::array<int, kCandlePatternCount> pattern_columns{};
  for (std::size_t p = 0; p < kCandlePatternCount; ++p) {
    pattern_columns[p] = column_of(kReferenceColumns[p]);
    if (pattern_columns[p] < 0) return {};
  }
  while (std::getline(file, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::vector<std::string> cells = split_csv_line(line);
    ReferenceRow row;
    row.open_time_ms = std::stoll(cells[static_cast<std::size_t>(time_column)]);
    for (std::size_t p = 0; p < kCandlePatternCount; ++p) {
      const auto column = static_cast<std::size_t>(pattern_columns[p]);
      if (column < cells.size() && !cells[column].empty()) {
        row.values[p] = static_cast<int>(std::lround(parse_double(cells[column])));
      }
    }
    rows.push_back(row);
  }
  return rows;
}

std::string reference_path() {
  return std::string(ALPHAPULSE_TEST_DATA_DIR) + "/talib/BTCUSDT_15m_first5000.csv";
}
std::string sample_path() {
  return std::string(ALPHAPULSE_SAMPLE_DIR) + "/BTCUSDT_15m.csv";
}

std::vector<PatternValues> run_one_pass(const std::vector<core::Candle>& candles) {
  CandlestickPatterns patterns;
  std::vector<PatternValues> out;
  out.reserve(candles.size());
  for (const core::Candle& c : candles) {
    EXPECT_EQ(patterns.update(c), InputStatus::kAccepted);
    out.push_back(patterns.values());
  }
  return out;
}

// ---- 1. exactness against TA-Lib ----

TEST(CandlePatterns, MatchesTaLibReferenceOnEveryRow) {
  const std::vector<ReferenceRow> reference = load_reference(reference_path());
  ASSERT_EQ(reference.size(), 5000u) << reference_path();
  const std::vector<core::Candle> candles = load_sample_candles(sample_path(), reference.size());
  ASSERT_EQ(candles.size(), reference.size()) << sample_path();

  std::array<int, kCandlePatternCount> mismatches_from_row0{};
  std::array<int, kCandlePatternCount> mismatches_from_row500{};
  std::array<int, kCandlePatternCount> nonzero_reference_rows{};
  std::array<int, kCandlePatternCount> first_defined_row{};
  first_defined_row.fill(-1);

  CandlestickPatterns patterns;
  for (std::size_t row = 0; row < candles.size(); ++row) {
    ASSERT_EQ(candles[row].open_time.ms, reference[row].open_time_ms) << "row " << row;
    ASSERT_EQ(patterns.update(candles[row]), InputStatus::kAccepted) << "row " << row;
    for (CandlePattern pattern : kAllCandlePatterns) {
      const auto p = static_cast<std::size_t>(pattern);
      const std::optional<int>& expected = reference[row].values[p];
      if (!expected) {
        EXPECT_FALSE(patterns.ready(pattern)) << to_string(pattern) << " row " << row;
        EXPECT_EQ(patterns.values()[pattern], 0) << to_string(pattern) << " row " << row;
        continue;
      }
      if (first_defined_row[p] < 0) first_defined_row[p] = static_cast<int>(row);
      EXPECT_TRUE(patterns.ready(pattern)) << to_string(pattern) << " row " << row;
      if (*expected != 0) ++nonzero_reference_rows[p];
      if (patterns.values()[pattern] != *expected) {
        ++mismatches_from_row0[p];
        if (row >= 500) ++mismatches_from_row500[p];
        ADD_FAILURE() << to_string(pattern) << " row " << row << ": got "
                      << patterns.values()[pattern] << ", TA-Lib " << *expected;
      }
    }
  }

  for (CandlePattern pattern : kAllCandlePatterns) {
    const auto p = static_cast<std::size_t>(pattern);
    EXPECT_EQ(first_defined_row[p], CandlestickPatterns::lookback(pattern)) << to_string(pattern);
    EXPECT_EQ(mismatches_from_row0[p], 0) << to_string(pattern);
    std::printf("  %-22s first row %2d, %4d signals, mismatches: %d from row 0, %d from row 500\n",
                std::string(to_string(pattern)).c_str(), first_defined_row[p],
                nonzero_reference_rows[p], mismatches_from_row0[p], mismatches_from_row500[p]);
  }
}

// ---- 2. streaming equals one pass ----

TEST(CandlePatterns, StreamingInChunksWithPeekEqualsOnePass) {
  const std::vector<core::Candle> candles = load_sample_candles(sample_path(), 5000);
  ASSERT_FALSE(candles.empty());
  const std::vector<PatternValues> one_pass = run_one_pass(candles);

  for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7},
                            std::size_t{13}, std::size_t{100}, candles.size()}) {
    CandlestickPatterns patterns;
    std::size_t row = 0;
    while (row < candles.size()) {
      const std::size_t end = std::min(candles.size(), row + chunk);
      // A chunk boundary is where a live feed would hand over a forming candle: peek it first.
      const PatternValues peeked = patterns.peek(candles[row]);
      const PatternValues before = patterns.values();
      EXPECT_EQ(patterns.peek(candles[row]), peeked);  // peek is repeatable
      EXPECT_EQ(patterns.values(), before);            // and changes nothing
      for (; row < end; ++row) {
        const PatternValues expected_by_peek = patterns.peek(candles[row]);
        ASSERT_EQ(patterns.update(candles[row]), InputStatus::kAccepted);
        ASSERT_EQ(patterns.values(), expected_by_peek) << "chunk " << chunk << " row " << row;
        ASSERT_EQ(patterns.values(), one_pass[row]) << "chunk " << chunk << " row " << row;
      }
    }
  }
}

TEST(CandlePatterns, ResetStartsOver) {
  const std::vector<core::Candle> candles = load_sample_candles(sample_path(), 300);
  ASSERT_EQ(candles.size(), 300u);
  const std::vector<PatternValues> one_pass = run_one_pass(candles);
  CandlestickPatterns patterns;
  for (std::size_t i = 0; i < 123; ++i) patterns.update(candles[i]);
  patterns.reset();
  for (CandlePattern pattern : kAllCandlePatterns) EXPECT_FALSE(patterns.ready(pattern));
  for (std::size_t i = 0; i < candles.size(); ++i) {
    patterns.update(candles[i]);
    ASSERT_EQ(patterns.values(), one_pass[i]) << "row " << i;
  }
}

// ---- 3. hand-built sequences, expectations derived from the definitions ----

core::Candle make_candle(double open, double high, double low, double close) {
  core::Candle c;
  c.open = open;
  c.high = high;
  c.low = low;
  c.close = close;
  c.volume = 1;
  return c;
}

// Ten quiet white candles: body 1, range 4 (open 100, close 101, high 102, low 98). Their
// averages are exact in binary: body 1, range 4, so every threshold below is easy to reason about.
std::vector<core::Candle> quiet_candles(int count) {
  return std::vector<core::Candle>(static_cast<std::size_t>(count), make_candle(100, 102, 98, 101));
}

PatternValues feed(CandlestickPatterns& patterns, const std::vector<core::Candle>& candles) {
  for (const core::Candle& c : candles) EXPECT_EQ(patterns.update(c), InputStatus::kAccepted);
  return patterns.values();
}

TEST(CandlePatterns, EngulfingBullishBearishAndSharedEnd) {
  struct Case {
    const char* why;
    core::Candle first;
    core::Candle second;
    int expected;
  };
  const Case cases[] = {
      // Black 101 -> 100, then white 99.5 -> 101.5 covers both ends strictly: +100.
      {"bullish", make_candle(101, 101.2, 99.8, 100), make_candle(99.5, 101.7, 99.4, 101.5), 100},
      // White 100 -> 101, then black 101.5 -> 99.5 covers both ends strictly: -100.
      {"bearish", make_candle(100, 101.2, 99.8, 101), make_candle(101.5, 101.7, 99.4, 99.5), -100},
      // The white opens exactly at the black's close and closes above its open: one shared
      // end, which TA-Lib 0.6 scores 80.
      {"bullish shared end", make_candle(101, 101.2, 99.8, 100), make_candle(100, 102.2, 99.9, 102),
       80},
      // The black opens exactly at the white's close and closes below its open: -80.
      {"bearish shared end", make_candle(100, 101.2, 99.8, 101), make_candle(101, 101.1, 98.8, 99),
       -80},
      // Identical bodies share both ends: nothing is engulfed.
      {"same body", make_candle(101, 101.2, 99.8, 100), make_candle(100, 101.2, 99.8, 101), 0},
      // Same colour twice is never an engulfing, however large the second body.
      {"same colour", make_candle(100, 101.2, 99.8, 101), make_candle(99, 103, 98, 102.5), 0},
      // The second body is inside the first: that is a harami, not an engulfing.
      {"inside", make_candle(103, 103.2, 99.8, 100), make_candle(101, 102.2, 100.9, 102), 0},
  };
  for (const Case& c : cases) {
    CandlestickPatterns patterns;
    // TA-Lib's engulfing lookback is 2, so a first value needs a third candle.
    feed(patterns, {make_candle(100, 101, 99, 100.5), c.first});
    EXPECT_FALSE(patterns.ready(CandlePattern::kEngulfing));
    EXPECT_EQ(patterns.peek(c.second)[CandlePattern::kEngulfing], c.expected) << c.why;
    feed(patterns, {c.second});
    EXPECT_TRUE(patterns.ready(CandlePattern::kEngulfing));
    EXPECT_EQ(patterns.values()[CandlePattern::kEngulfing], c.expected) << c.why;
  }
}

TEST(CandlePatterns, HammerByHand) {
  // Candle 11 after eleven quiet candles (averages: body 1, range 4):
  //   open 99.5, close 100 -> white, body 0.5 < 1 (small)
  //   low 97.5 -> lower shadow 2 > body 0.5 (long)
  //   high 100 -> upper shadow 0 < 0.1 * 4 (very short)
  //   body bottom 99.5 <= prior low 98 + 0.2 * 4 = 98.8? No -> must sit near the prior low.
  // So first check a candle that is too high, then one whose body sits at the prior low.
  std::vector<core::Candle> candles = quiet_candles(11);
  {
    CandlestickPatterns patterns;
    feed(patterns, candles);
    EXPECT_FALSE(patterns.ready(CandlePattern::kHammer));  // first value at row 11
    EXPECT_EQ(patterns.peek(make_candle(99.5, 100, 97.5, 100))[CandlePattern::kHammer], 0)
        << "body too far above the prior low";
    // open 98.5, close 99: body 0.5, body bottom 98.5 <= 98.8; low 96.5 -> lower shadow 2;
    // high 99 -> no upper shadow.
    EXPECT_EQ(patterns.peek(make_candle(98.5, 99, 96.5, 99))[CandlePattern::kHammer], 100);
    // The same with an upper shadow of 0.5 >= 0.1 * 4: not a hammer.
    EXPECT_EQ(patterns.peek(make_candle(98.5, 99.5, 96.5, 99))[CandlePattern::kHammer], 0);
    // Lower shadow equal to the body (0.5) is not "longer than the body": strict compare.
    EXPECT_EQ(patterns.peek(make_candle(98.5, 99, 98, 99))[CandlePattern::kHammer], 0);
    // Body 1 is not smaller than the average body 1: strict compare.
    EXPECT_EQ(patterns.peek(make_candle(98, 99, 95, 99))[CandlePattern::kHammer], 0);
    feed(patterns, {make_candle(98.5, 99, 96.5, 99)});
    EXPECT_TRUE(patterns.ready(CandlePattern::kHammer));
    EXPECT_EQ(patterns.values()[CandlePattern::kHammer], 100);
  }
  {
    // One candle short of TA-Lib's lookback (11): no value yet, whatever the shape.
    CandlestickPatterns patterns;
    feed(patterns, quiet_candles(10));
    EXPECT_FALSE(patterns.ready(CandlePattern::kHammer));
    feed(patterns, {make_candle(98.5, 99, 96.5, 99)});
    EXPECT_FALSE(patterns.ready(CandlePattern::kHammer));
    EXPECT_EQ(patterns.values()[CandlePattern::kHammer], 0);
  }
}

TEST(CandlePatterns, MorningStarByHand) {
  // Rows 0..9 quiet (body 1). Row 10: long black 105 -> 100, body 5 > average 1.
  // Row 11: star 99 -> 98.8, body 0.2 <= average of rows 1..10 = (9 + 5) / 10 = 1.4, and its
  //   body top 99 is below the black body's bottom 100 (a body gap down).
  // Row 12: white 99.5 -> 102, body 2.5 > average of rows 2..11 = (8 + 5 + 0.2) / 10 = 1.32,
  //   and 102 > 100 + 5 * 0.3 = 101.5 (closes well into the black body).
  std::vector<core::Candle> candles = quiet_candles(10);
  candles.push_back(make_candle(105, 105.5, 99.5, 100));
  candles.push_back(make_candle(99, 99.2, 98.5, 98.8));
  CandlestickPatterns patterns;
  feed(patterns, candles);
  EXPECT_FALSE(patterns.ready(CandlePattern::kMorningStar));  // first value at row 12
  EXPECT_EQ(patterns.peek(make_candle(99.5, 102.2, 99.3, 102))[CandlePattern::kMorningStar], 100);
  // Closing at 101.4 does not reach 101.5: not far enough into the first body.
  EXPECT_EQ(patterns.peek(make_candle(99.5, 101.6, 99.3, 101.4))[CandlePattern::kMorningStar], 0);
  // A black third candle is never a morning star.
  EXPECT_EQ(patterns.peek(make_candle(102.5, 102.6, 99.3, 101.8))[CandlePattern::kMorningStar], 0);
  feed(patterns, {make_candle(99.5, 102.2, 99.3, 102)});
  EXPECT_TRUE(patterns.ready(CandlePattern::kMorningStar));
  EXPECT_EQ(patterns.values()[CandlePattern::kMorningStar], 100);
  EXPECT_EQ(patterns.values()[CandlePattern::kEveningStar], 0);
}

TEST(CandlePatterns, MorningStarNeedsAStarBodyGap) {
  // As above, but the star's body top (100.2) overlaps the black body (bottom 100): no gap.
  std::vector<core::Candle> candles = quiet_candles(10);
  candles.push_back(make_candle(105, 105.5, 99.5, 100));
  candles.push_back(make_candle(100.2, 100.4, 99.5, 100.0 + 0.125));
  candles.push_back(make_candle(99.5, 102.2, 99.3, 102));
  CandlestickPatterns patterns;
  EXPECT_EQ(feed(patterns, candles)[CandlePattern::kMorningStar], 0);
}

TEST(CandlePatterns, DojiByHand) {
  // Ten quiet candles: average range 4, so a doji body must be <= 0.1 * 4 = 0.4.
  CandlestickPatterns patterns;
  feed(patterns, quiet_candles(9));
  EXPECT_FALSE(patterns.ready(CandlePattern::kDoji));
  feed(patterns, quiet_candles(1));
  EXPECT_FALSE(patterns.ready(CandlePattern::kDoji));  // first value at row 10
  EXPECT_EQ(patterns.peek(make_candle(100, 101, 99, 100.25))[CandlePattern::kDoji], 100);
  EXPECT_EQ(patterns.peek(make_candle(100, 101, 99, 100))[CandlePattern::kDoji], 100);
  EXPECT_EQ(patterns.peek(make_candle(100.25, 101, 99, 100))[CandlePattern::kDoji], 100);
  EXPECT_EQ(patterns.peek(make_candle(100, 101, 99, 100.5))[CandlePattern::kDoji], 0);
  // The candle's own range does not matter, only the previous candles' ranges do.
  EXPECT_EQ(patterns.peek(make_candle(100, 100.25, 100, 100.25))[CandlePattern::kDoji], 100);
  feed(patterns, {make_candle(100, 101, 99, 100.25)});
  EXPECT_TRUE(patterns.ready(CandlePattern::kDoji));
  EXPECT_EQ(patterns.values()[CandlePattern::kDoji], 100);
  // The doji's own range (2) now enters the next average: (9 * 4 + 2) / 10 = 3.8 -> 0.38.
  EXPECT_EQ(patterns.peek(make_candle(100, 101, 99, 100.375))[CandlePattern::kDoji], 100);
  EXPECT_EQ(patterns.peek(make_candle(100, 101, 99, 100.390625))[CandlePattern::kDoji], 0);
}

TEST(CandlePatterns, HaramiByHand) {
  // Row 10 is a long body (4 > average 1); row 11's body must be <= the average of rows 1..10,
  // (9 + 4) / 10 = 1.3, and lie inside row 10's body. The sign is opposite to row 10's colour.
  struct Case {
    const char* why;
    core::Candle first;
    core::Candle second;
    int expected;
  };
  const core::Candle long_black = make_candle(104, 104.5, 99.5, 100);
  const core::Candle long_white = make_candle(100, 104.5, 99.5, 104);
  const Case cases[] = {
      {"bullish inside", long_black, make_candle(101, 102.5, 100.5, 102), 100},
      {"bullish sharing the bottom", long_black, make_candle(100, 101.5, 99.8, 101), 80},
      {"bearish inside", long_white, make_candle(102, 102.5, 100.5, 101), -100},
      {"bearish sharing the top", long_white, make_candle(104, 104.2, 102.5, 103), -80},
      {"second body too long (1.5 > 1.3)", long_black, make_candle(100.5, 102.5, 100, 102), 0},
      {"second body pokes out", long_black, make_candle(103.5, 104.5, 103, 104.25), 0},
  };
  for (const Case& c : cases) {
    CandlestickPatterns patterns;
    std::vector<core::Candle> candles = quiet_candles(10);
    candles.push_back(c.first);
    candles.push_back(c.second);
    EXPECT_EQ(feed(patterns, candles)[CandlePattern::kHarami], c.expected) << c.why;
  }
}

TEST(CandlePatterns, AveragesKeepTaLibsRoundingHistory) {
  // TA-Lib's harami compares the second body with a total of the 10 bodies before it that is
  // primed over rows 1..10 and then slid, while the first body's total is primed over rows
  // 0..9. At row 11 both cover rows 1..10, yet "sum of 1..10" and "sum of 0..9, plus b10, minus
  // b0" can differ in the last bit. Build a row 11 whose body is exactly TA-Lib's average: a
  // detector that reused the other total would see it as one ulp too long and report nothing.
  for (int seed = 1; seed < 1000; ++seed) {
    std::vector<core::Candle> candles;
    std::uint64_t state = static_cast<std::uint64_t>(seed) * 0x9E3779B97F4A7C15ULL;
    for (int row = 0; row < 10; ++row) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      // Bodies with full 53-bit mantissas (k / 7), so that their sums do round.
      const double close = 3 + static_cast<double>((state >> 33) % 10 + 4) / 7;  // 3.57..4.86
      candles.push_back(make_candle(3, close, 2.75, close));
    }
    auto body = [&](std::size_t row) { return std::fabs(candles[row].close - candles[row].open); };
    double sum_0_to_9 = 0;
    for (std::size_t row = 0; row < 10; ++row) sum_0_to_9 += body(row);
    // Row 10: a long black body wide enough to hold row 11's body (t .. 2t with t < 2).
    candles.push_back(make_candle(4.5 + 1.0 / 3, 5, 0.25, 0.5));
    double primed_1_to_10 = 0;
    for (std::size_t row = 1; row <= 10; ++row) primed_1_to_10 += body(row);
    const double slid_from_0_to_9 = sum_0_to_9 + (body(10) - body(0));
    const double talib_average = 1.0 * (primed_1_to_10 / 10);
    if (!(1.0 * (slid_from_0_to_9 / 10) < talib_average)) continue;
    // open t, close 2t: the body is exactly t (2t - t is exact), white, inside row 10's body.
    const double t = talib_average;
    candles.push_back(make_candle(t, 2 * t, t, 2 * t));
    ASSERT_EQ(body(11), t);
    CandlestickPatterns patterns;
    EXPECT_EQ(feed(patterns, candles)[CandlePattern::kHarami], 100) << "seed " << seed;
    return;
  }
  FAIL() << "no seed gave a total that differs in the last bit";
}

TEST(CandlePatterns, PiercingAndDarkCloudCoverByHand) {
  // Row 10: long black 104 -> 100 (body 4 > 1), low 99.75. Row 11 must be a long white
  // (body > (9 + 4) / 10 = 1.3) opening under 99.75 and closing above 100 + 4 * 0.5 = 102 but
  // under 104.
  std::vector<core::Candle> candles = quiet_candles(10);
  candles.push_back(make_candle(104, 104.5, 99.75, 100));
  CandlestickPatterns patterns;
  feed(patterns, candles);
  EXPECT_EQ(patterns.peek(make_candle(99.5, 102.75, 99.25, 102.5))[CandlePattern::kPiercing], 100);
  EXPECT_EQ(patterns.peek(make_candle(99.5, 102.75, 99.25, 102))[CandlePattern::kPiercing], 0)
      << "the midpoint itself is not above the midpoint";
  EXPECT_EQ(patterns.peek(make_candle(99.75, 102.75, 99.25, 102.5))[CandlePattern::kPiercing], 0)
      << "opening at the prior low is not below it";
  EXPECT_EQ(patterns.peek(make_candle(99.5, 104.5, 99.25, 104.25))[CandlePattern::kPiercing], 0)
      << "closing above the prior open is an engulfing, not a piercing";

  // Mirror: row 10 long white 100 -> 104 with high 104.25; row 11 black opening over 104.25,
  // closing under 104 - 4 * 0.5 = 102 but above 100.
  candles = quiet_candles(10);
  candles.push_back(make_candle(100, 104.25, 99.5, 104));
  patterns.reset();
  feed(patterns, candles);
  EXPECT_EQ(
      patterns.peek(make_candle(104.5, 104.75, 101.25, 101.5))[CandlePattern::kDarkCloudCover],
      -100);
  EXPECT_EQ(patterns.peek(make_candle(104.5, 104.75, 101.75, 102))[CandlePattern::kDarkCloudCover],
            0)
      << "the midpoint itself is not below it";
  EXPECT_EQ(
      patterns.peek(make_candle(104.25, 104.75, 101.25, 101.5))[CandlePattern::kDarkCloudCover], 0)
      << "opening at the prior high is not above it";
}

TEST(CandlePatterns, ThreeBlackCrowsByHand) {
  // Rows 0..10 quiet whites (row 10 high 102). Rows 11..13: blacks 101.5 -> 100, 101 -> 99,
  // 100.5 -> 98.5, each opening inside the previous body, closing lower, with no lower shadow
  // (any shadow must be < 0.1 x the average range, about 0.36..0.4 here).
  std::vector<core::Candle> candles = quiet_candles(11);
  candles.push_back(make_candle(101.5, 101.75, 100, 100));
  candles.push_back(make_candle(101, 101.25, 99, 99));
  CandlestickPatterns patterns;
  feed(patterns, candles);
  EXPECT_FALSE(patterns.ready(CandlePattern::kThreeBlackCrows));
  EXPECT_EQ(patterns.peek(make_candle(100.5, 100.75, 98.5, 98.5))[CandlePattern::kThreeBlackCrows],
            -100);
  // A lower shadow of 0.5 exceeds 0.1 x average range (0.36): not a crow.
  EXPECT_EQ(patterns.peek(make_candle(100.5, 100.75, 98, 98.5))[CandlePattern::kThreeBlackCrows],
            0);
  // Opening at the previous open (101) is not inside its body.
  EXPECT_EQ(patterns.peek(make_candle(101, 101.25, 98.5, 98.5))[CandlePattern::kThreeBlackCrows],
            0);
  feed(patterns, {make_candle(100.5, 100.75, 98.5, 98.5)});
  EXPECT_TRUE(patterns.ready(CandlePattern::kThreeBlackCrows));
  EXPECT_EQ(patterns.values()[CandlePattern::kThreeBlackCrows], -100);
}

TEST(CandlePatterns, ShootingStarEveningStarAndSoldiersByHand) {
  {
    // After quiet whites (top 101): a small body gapped above 101, upper shadow 1 > body 0.25,
    // no lower shadow.
    CandlestickPatterns patterns;
    feed(patterns, quiet_candles(11));
    EXPECT_EQ(
        patterns.peek(make_candle(101.5, 102.5, 101.25, 101.25))[CandlePattern::kShootingStar],
        -100);
    EXPECT_EQ(patterns.peek(make_candle(101, 102.5, 101, 101.25))[CandlePattern::kShootingStar], 0)
        << "a body starting at the prior top has not gapped";
  }
  {
    // Row 10 long white 100 -> 105; row 11 star 105.25 -> 105.5 (body 0.25 <= 1.4, gapped up);
    // row 12 black 105 -> 103: body 2 > (8 + 5 + 0.25) / 10 and 103 < 105 - 5 * 0.3 = 103.5.
    std::vector<core::Candle> candles = quiet_candles(10);
    candles.push_back(make_candle(100, 105.5, 99.5, 105));
    candles.push_back(make_candle(105.25, 105.75, 105, 105.5));
    CandlestickPatterns patterns;
    feed(patterns, candles);
    EXPECT_EQ(patterns.peek(make_candle(105, 105.25, 102.75, 103))[CandlePattern::kEveningStar],
              -100);
    EXPECT_EQ(patterns.peek(make_candle(105, 105.25, 102.75, 103.5))[CandlePattern::kEveningStar],
              0)
        << "closing exactly at the penetration level is not enough";
  }
  {
    // Rows 10..12 white, rising, each opening inside the previous body, (almost) no upper
    // shadow, each body not far shorter than the one before, the last longer than average.
    std::vector<core::Candle> candles = quiet_candles(10);
    candles.push_back(make_candle(100, 102, 99.5, 102));
    candles.push_back(make_candle(101, 103.125, 100.75, 103));
    CandlestickPatterns patterns;
    feed(patterns, candles);
    EXPECT_EQ(
        patterns.peek(make_candle(102, 104.5, 101.75, 104.5))[CandlePattern::kThreeWhiteSoldiers],
        100);
    EXPECT_EQ(
        patterns.peek(make_candle(101, 104.5, 100.75, 104.5))[CandlePattern::kThreeWhiteSoldiers],
        0)
        << "the third must open above the second's open";
  }
}

// ---- batch restatement of TA-Lib's loops, to check the streaming bookkeeping ----
//
// The detector shares one running total between patterns whenever TA-Lib's totals start on the
// same row. Here every (pattern, referenced candle) pair gets its own total primed over its own
// index range at the first output row and slid row by row, the way the C functions do it, so a
// wrong sharing or a wrong start row shows up as a bit difference and then a flipped output.

enum class Measure { kBody, kRange };

struct Series {
  std::vector<double> o, h, l, c;
  explicit Series(const std::vector<core::Candle>& candles) {
    for (const core::Candle& k : candles) {
      o.push_back(k.open);
      h.push_back(k.high);
      l.push_back(k.low);
      c.push_back(k.close);
    }
  }
  std::size_t size() const { return o.size(); }
  bool white(std::size_t i) const { return c[i] >= o[i]; }
  double body(std::size_t i) const { return std::fabs(c[i] - o[i]); }
  double top(std::size_t i) const { return std::fmax(o[i], c[i]); }
  double bottom(std::size_t i) const { return std::fmin(o[i], c[i]); }
  double upper(std::size_t i) const { return h[i] - top(i); }
  double lower(std::size_t i) const { return bottom(i) - l[i]; }
  double measure(Measure m, std::size_t i) const {
    return m == Measure::kBody ? body(i) : h[i] - l[i];
  }
};

struct TotalUse {
  Measure measure;
  int period;
  int offset;  // which candle back from the evaluated one the average is for
};

// rule(i, avg) where avg(u, factor) is factor times the mean of total u.
template <typename Rule>
std::vector<int> batch(const Series& s, int lookback, const std::vector<TotalUse>& uses,
                       Rule rule) {
  const auto n = static_cast<int>(s.size());
  std::vector<int> out(s.size(), 0);
  std::vector<double> totals(uses.size(), 0.0);
  for (std::size_t u = 0; u < uses.size(); ++u) {
    for (int j = lookback - uses[u].offset - uses[u].period; j < lookback - uses[u].offset; ++j) {
      totals[u] += s.measure(uses[u].measure, static_cast<std::size_t>(j));
    }
  }
  for (int i = lookback; i < n; ++i) {
    auto avg = [&](std::size_t u, double factor) { return factor * (totals[u] / uses[u].period); };
    out[static_cast<std::size_t>(i)] = rule(static_cast<std::size_t>(i), avg);
    for (std::size_t u = 0; u < uses.size(); ++u) {
      const auto newest = static_cast<std::size_t>(i - uses[u].offset);
      const auto oldest = static_cast<std::size_t>(i - uses[u].offset - uses[u].period);
      totals[u] += s.measure(uses[u].measure, newest) - s.measure(uses[u].measure, oldest);
    }
  }
  return out;
}

std::array<std::vector<int>, kCandlePatternCount> batch_all(
    const std::vector<core::Candle>& candles) {
  const Series s(candles);
  constexpr Measure kB = Measure::kBody;
  constexpr Measure kR = Measure::kRange;
  std::array<std::vector<int>, kCandlePatternCount> out;
  auto at = [&](CandlePattern p) -> std::vector<int>& { return out[static_cast<std::size_t>(p)]; };

  at(CandlePattern::kDoji) = batch(s, 10, {{kR, 10, 0}}, [&](std::size_t i, auto avg) {
    return s.body(i) <= avg(0, 0.1) ? 100 : 0;
  });
  at(CandlePattern::kHammer) =
      batch(s, 11, {{kB, 10, 0}, {kR, 10, 0}, {kR, 5, 1}}, [&](std::size_t i, auto avg) {
        return s.body(i) < avg(0, 1.0) && s.lower(i) > s.body(i) && s.upper(i) < avg(1, 0.1) &&
                       s.bottom(i) <= s.l[i - 1] + avg(2, 0.2)
                   ? 100
                   : 0;
      });
  at(CandlePattern::kShootingStar) =
      batch(s, 11, {{kB, 10, 0}, {kR, 10, 0}}, [&](std::size_t i, auto avg) {
        return s.bottom(i) > s.top(i - 1) && s.body(i) < avg(0, 1.0) && s.upper(i) > s.body(i) &&
                       s.lower(i) < avg(1, 0.1)
                   ? -100
                   : 0;
      });
  at(CandlePattern::kEngulfing) = batch(s, 2, {}, [&](std::size_t i, auto) {
    const std::size_t p = i - 1;
    const bool up =
        s.white(i) && !s.white(p) &&
        ((s.c[i] >= s.o[p] && s.o[i] < s.c[p]) || (s.c[i] > s.o[p] && s.o[i] <= s.c[p]));
    const bool down =
        !s.white(i) && s.white(p) &&
        ((s.o[i] >= s.c[p] && s.c[i] < s.o[p]) || (s.o[i] > s.c[p] && s.c[i] <= s.o[p]));
    if (!up && !down) return 0;
    const int size = (s.o[i] != s.c[p] && s.c[i] != s.o[p]) ? 100 : 80;
    return s.white(i) ? size : -size;
  });
  at(CandlePattern::kHarami) =
      batch(s, 11, {{kB, 10, 1}, {kB, 10, 0}}, [&](std::size_t i, auto avg) {
        const std::size_t p = i - 1;
        if (!(s.body(p) > avg(0, 1.0)) || !(s.body(i) <= avg(1, 1.0))) return 0;
        const int sign = s.white(p) ? -1 : 1;
        if (s.top(i) < s.top(p) && s.bottom(i) > s.bottom(p)) return 100 * sign;
        if (s.top(i) <= s.top(p) && s.bottom(i) >= s.bottom(p)) return 80 * sign;
        return 0;
      });
  const std::vector<TotalUse> star_uses = {{kB, 10, 2}, {kB, 10, 1}, {kB, 10, 0}};
  at(CandlePattern::kMorningStar) = batch(s, 12, star_uses, [&](std::size_t i, auto avg) {
    return !s.white(i - 2) && s.white(i) && s.top(i - 1) < s.bottom(i - 2) &&
                   s.c[i] > s.c[i - 2] + s.body(i - 2) * 0.3 && s.body(i - 2) > avg(0, 1.0) &&
                   s.body(i - 1) <= avg(1, 1.0) && s.body(i) > avg(2, 1.0)
               ? 100
               : 0;
  });
  at(CandlePattern::kEveningStar) = batch(s, 12, star_uses, [&](std::size_t i, auto avg) {
    return s.white(i - 2) && !s.white(i) && s.bottom(i - 1) > s.top(i - 2) &&
                   s.c[i] < s.c[i - 2] - s.body(i - 2) * 0.3 && s.body(i - 2) > avg(0, 1.0) &&
                   s.body(i - 1) <= avg(1, 1.0) && s.body(i) > avg(2, 1.0)
               ? -100
               : 0;
  });
  at(CandlePattern::kThreeWhiteSoldiers) = batch(
      s, 12,
      {{kR, 10, 2},
       {kR, 10, 1},
       {kR, 10, 0},
       {kR, 5, 2},
       {kR, 5, 1},
       {kR, 5, 2},
       {kR, 5, 1},
       {kB, 10, 0}},
      [&](std::size_t i, auto avg) {
        bool ok = true;
        for (std::size_t k = 0; k < 3; ++k) {
          ok = ok && s.white(i - k) && s.upper(i - k) < avg(2 - k, 0.1);
        }
        ok = ok && s.c[i] > s.c[i - 1] && s.c[i - 1] > s.c[i - 2] && s.o[i - 1] > s.o[i - 2] &&
             s.o[i - 1] <= s.c[i - 2] + avg(3, 0.2) && s.o[i] > s.o[i - 1] &&
             s.o[i] <= s.c[i - 1] + avg(4, 0.2) && s.body(i - 1) > s.body(i - 2) - avg(5, 0.6) &&
             s.body(i) > s.body(i - 1) - avg(6, 0.6) && s.body(i) > avg(7, 1.0);
        return ok ? 100 : 0;
      });
  at(CandlePattern::kThreeBlackCrows) =
      batch(s, 13, {{kR, 10, 2}, {kR, 10, 1}, {kR, 10, 0}}, [&](std::size_t i, auto avg) {
        bool ok = s.white(i - 3) && s.h[i - 3] > s.c[i - 2];
        for (std::size_t k = 0; k < 3; ++k) {
          ok = ok && !s.white(i - k) && s.lower(i - k) < avg(2 - k, 0.1);
        }
        for (std::size_t k = 0; k < 2; ++k) {
          ok = ok && s.o[i - k] < s.o[i - k - 1] && s.o[i - k] > s.c[i - k - 1] &&
               s.c[i - k] < s.c[i - k - 1];
        }
        return ok ? -100 : 0;
      });
  at(CandlePattern::kPiercing) =
      batch(s, 11, {{kB, 10, 1}, {kB, 10, 0}}, [&](std::size_t i, auto avg) {
        const std::size_t p = i - 1;
        return !s.white(p) && s.body(p) > avg(0, 1.0) && s.white(i) && s.body(i) > avg(1, 1.0) &&
                       s.o[i] < s.l[p] && s.c[i] < s.o[p] && s.c[i] > s.c[p] + s.body(p) * 0.5
                   ? 100
                   : 0;
      });
  at(CandlePattern::kDarkCloudCover) = batch(s, 11, {{kB, 10, 1}}, [&](std::size_t i, auto avg) {
    const std::size_t p = i - 1;
    return s.white(p) && s.body(p) > avg(0, 1.0) && !s.white(i) && s.o[i] > s.h[p] &&
                   s.c[i] > s.o[p] && s.c[i] < s.c[p] - s.body(p) * 0.5
               ? -100
               : 0;
  });
  return out;
}

// Candles on a coarse price grid with frequent zero shadows and small opening gaps, so that
// every pattern fires often and exact ties with thresholds happen; the volatility changes in
// stretches so the averages move. A fixed xorshift keeps it identical on every platform.
std::vector<core::Candle> synthetic_candles(std::size_t count, std::uint64_t seed) {
  std::uint64_t state = seed;
  auto draw = [&](int lo, int hi) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return lo + static_cast<int>(state % static_cast<std::uint64_t>(hi - lo + 1));
  };
  std::vector<core::Candle> candles;
  candles.reserve(count);
  double previous_close = 1000;
  double tick = 0.25;
  for (std::size_t i = 0; i < count; ++i) {
    if (i % 200 == 0) tick = 0.25 * (1 << draw(0, 3));
    const double open = std::fmax(100, previous_close + draw(-2, 2) * tick);
    const double close = std::fmax(100, open + draw(-8, 8) * tick);
    const double upper = draw(0, 2) == 0 ? draw(1, 8) * tick : 0;
    const double lower = draw(0, 2) == 0 ? draw(1, 8) * tick : 0;
    candles.push_back(
        make_candle(open, std::fmax(open, close) + upper, std::fmin(open, close) - lower, close));
    previous_close = close;
  }
  return candles;
}

void expect_streaming_matches_batch(const std::vector<core::Candle>& candles, int min_signals) {
  const std::array<std::vector<int>, kCandlePatternCount> expected = batch_all(candles);
  const std::vector<PatternValues> streamed = run_one_pass(candles);
  for (CandlePattern pattern : kAllCandlePatterns) {
    const auto p = static_cast<std::size_t>(pattern);
    int mismatches = 0;
    int signals = 0;
    for (std::size_t i = 0; i < candles.size(); ++i) {
      if (expected[p][i] != 0) ++signals;
      if (streamed[i][pattern] != expected[p][i] && ++mismatches <= 5) {
        ADD_FAILURE() << to_string(pattern) << " row " << i << ": streamed " << streamed[i][pattern]
                      << ", batch " << expected[p][i];
      }
    }
    EXPECT_EQ(mismatches, 0) << to_string(pattern);
    std::printf("  %-22s %6d signals, %d mismatches\n", std::string(to_string(pattern)).c_str(),
                signals, mismatches);
    EXPECT_GE(signals, min_signals) << to_string(pattern) << " barely fires: weak check";
  }
}

TEST(CandlePatterns, BatchRestatementAgreesOnRealCandles) {
  const std::vector<core::Candle> candles = load_sample_candles(sample_path(), 5000);
  ASSERT_EQ(candles.size(), 5000u);
  expect_streaming_matches_batch(candles, 0);
}

TEST(CandlePatterns, BatchRestatementAgreesOnSyntheticCandlesWhereEveryPatternFires) {
  expect_streaming_matches_batch(synthetic_candles(200000, 0x9E3779B97F4A7C15ULL), 20);
}

TEST(CandlePatterns, ScalingPricesByPowersOfTwoChangesNothing) {
  // Scaling by 2^k only shifts exponents, and rounding commutes with that shift (no overflow or
  // subnormals at these magnitudes): every body, total, average and threshold TA-Lib's rules
  // compute is exactly 2^k times the unscaled one, so not a single output may move.
  const std::vector<core::Candle> real = load_sample_candles(sample_path(), 5000);
  ASSERT_EQ(real.size(), 5000u);
  for (const std::vector<core::Candle>& candles : {real, synthetic_candles(20000, 12345)}) {
    const std::vector<PatternValues> original = run_one_pass(candles);
    for (int k : {-20, 7}) {
      const double scale = std::ldexp(1.0, k);
      std::vector<core::Candle> scaled = candles;
      for (core::Candle& c : scaled) {
        c.open *= scale;
        c.high *= scale;
        c.low *= scale;
        c.close *= scale;
      }
      const std::vector<PatternValues> rescaled = run_one_pass(scaled);
      for (std::size_t i = 0; i < candles.size(); ++i) {
        ASSERT_EQ(rescaled[i], original[i]) << "k " << k << " row " << i;
      }
    }
  }
}

// ---- 4. rejected input ----

TEST(CandlePatterns, InvalidCandleIsRejectedAndChangesNothing) {
  const std::vector<core::Candle> candles = load_sample_candles(sample_path(), 400);
  ASSERT_EQ(candles.size(), 400u);
  const std::vector<PatternValues> one_pass = run_one_pass(candles);

  core::Candle nan_close = candles[0];
  nan_close.close = std::numeric_limits<double>::quiet_NaN();
  core::Candle negative_low = candles[0];
  negative_low.low = -1;
  core::Candle high_below_body = candles[0];
  high_below_body.high = std::fmax(high_below_body.open, high_below_body.close) - 1;

  CandlestickPatterns patterns;
  for (std::size_t i = 0; i < candles.size(); ++i) {
    if (i % 37 == 5) {  // including during warm-up
      const PatternValues before = patterns.values();
      EXPECT_EQ(patterns.update(nan_close), InputStatus::kRejectedNonFinite);
      EXPECT_EQ(patterns.update(negative_low), InputStatus::kRejectedNegative);
      EXPECT_EQ(patterns.update(high_below_body), InputStatus::kRejectedInvalidCandle);
      EXPECT_EQ(patterns.values(), before) << "row " << i;
      EXPECT_EQ(patterns.peek(nan_close), PatternValues{}) << "an invalid candle shows nothing";
    }
    ASSERT_EQ(patterns.update(candles[i]), InputStatus::kAccepted);
    ASSERT_EQ(patterns.values(), one_pass[i]) << "row " << i;
  }
}

TEST(CandlePatterns, NamesAndWarmups) {
  EXPECT_EQ(to_string(CandlePattern::kEngulfing), "engulfing");
  EXPECT_EQ(to_string(CandlePattern::kThreeWhiteSoldiers), "three_white_soldiers");
  EXPECT_EQ(to_string(CandlePattern::kDarkCloudCover), "dark_cloud_cover");
  for (std::size_t i = 0; i < kCandlePatternCount; ++i) {
    EXPECT_EQ(static_cast<std::size_t>(kAllCandlePatterns[i]), i);
  }
  // TA-Lib's first defined rows (reference README) plus one: the candles needed before ready().
  EXPECT_EQ(CandlestickPatterns::warmup(CandlePattern::kDoji), 11);
  EXPECT_EQ(CandlestickPatterns::warmup(CandlePattern::kEngulfing), 3);
  EXPECT_EQ(CandlestickPatterns::warmup(CandlePattern::kThreeBlackCrows), 14);
}

}  // namespace
}  // namespace alphapulse::ta
