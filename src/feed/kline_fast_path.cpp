// feed/kline_fast_path: see the header. The grammar, keys in this order:
//   [{"stream":"<s>","data":] {"e":"kline","E":<int>,"s":"<s>","k":{"t":<int>,"T":<int>,
//   "s":"<s>","i":"<s>","f":<int>,"L":<int>,"o":"<dec>","c":"<dec>","h":"<dec>","l":"<dec>",
//   "v":"<dec>","n":<int>,"x":<bool>,"q":"<dec>","V":"<dec>","Q":"<dec>","B":"<s>"}} [}]
// <s>: printable ASCII except '"' and '\' (so no escapes and valid UTF-8); <int>: a JSON
// integer of at most 18 digits (no leading zero, so it is valid JSON and fits int64).
#include "feed/kline_fast_path.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "feed/binance_json.hpp"

namespace alphapulse::feed {
namespace {

// JSON string characters that need no unescaping and are valid UTF-8 on their own.
constexpr auto kPlainStringCharacter = [] {
  std::array<bool, 256> table{};
  for (int c = 0x20; c <= 0x7e; ++c) table[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return table;
}();

// Eight ASCII digits at p, as their value, or false when any of the eight bytes is not a digit.
// One 64-bit word instead of eight loop steps: prices, volumes and times in kline frames have
// 8 fraction digits and 13-digit millisecond times. Little-endian: the first digit is the
// lowest byte. A byte is a digit when its high nibble is 3 and adding 6 does not carry out of
// the low nibble (0x30..0x39). The value is then built pairwise: 8 digits -> 4 two-digit
// numbers -> 2 four-digit numbers -> 1, each step one multiply-add over packed lanes.
inline bool eight_digits(const char* p, std::uint64_t& value) noexcept {
  std::uint64_t word;
  std::memcpy(&word, p, 8);
  constexpr std::uint64_t kHighNibbles = 0xF0F0F0F0F0F0F0F0ULL;
  const std::uint64_t high = word & kHighNibbles;
  const std::uint64_t carried = (word + 0x0606060606060606ULL) & kHighNibbles;
  if ((high | (carried >> 4)) != 0x3333333333333333ULL) return false;
  word -= 0x3030303030303030ULL;                               // bytes d0 d1 ... d7 (d0 first)
  word = (word * 10 + (word >> 8)) & 0x00FF00FF00FF00FFULL;    // 16-bit lanes: d0d1, d2d3, ...
  word = (word * 100 + (word >> 16)) & 0x0000FFFF0000FFFFULL;  // 32-bit lanes: d0..d3, d4..d7
  value = (word * 10000 + (word >> 32)) & 0xFFFFFFFFULL;       // d0..d7
  return true;
}

// Digits from p on, one at a time, appended to `value` (which wraps past 19 digits: callers
// count digits). For the integer part of prices and volumes (1-6 digits).
inline const char* read_digits_short(const char* p, const char* end,
                                     std::uint64_t& value) noexcept {
  while (p < end && static_cast<unsigned>(*p - '0') < 10) {
    value = value * 10 + static_cast<unsigned>(*p - '0');
    ++p;
  }
  return p;
}

// The same with one eight-digit step first, where runs of eight or more are usual (fractions,
// times, ids); a second eight-digit step would mostly fail on the bytes after.
inline const char* read_digits_run(const char* p, const char* end, std::uint64_t& value) noexcept {
  std::uint64_t eight = 0;
  if (end - p >= 8 && eight_digits(p, eight)) {
    value = value * 100000000ULL + eight;
    p += 8;
  }
  return read_digits_short(p, end, value);
}

class Cursor {
 public:
  explicit Cursor(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  // A constant of known length: the compiler turns the comparison into a few word compares.
  template <std::size_t N>
  bool literal(const char (&expected)[N]) noexcept {
    constexpr std::size_t kLength = N - 1;
    if (static_cast<std::size_t>(end_ - p_) < kLength) return false;
    if (std::memcmp(p_, expected, kLength) != 0) return false;
    p_ += kLength;
    return true;
  }

  // The characters between quotes; the opening quote is part of the preceding literal.
  // (Loops run on local copies of the position: a char read may alias the members, which
  // would make the compiler reload and store them at every character.)
  bool string_body(std::string_view& out) noexcept {
    const char* const start = p_;
    const char* const end = end_;
    const char* p = start;
    while (p < end && kPlainStringCharacter[static_cast<unsigned char>(*p)]) ++p;
    if (p == end || *p != '"') return false;
    out = std::string_view(start, static_cast<std::size_t>(p - start));
    p_ = p + 1;
    return true;
  }

  bool integer(std::int64_t& out) noexcept {
    const char* const end = end_;
    const char* p = p_;
    const bool negative = p < end && *p == '-';
    if (negative) ++p;
    const char* const start = p;
    std::uint64_t value = 0;
    p = read_digits_run(p, end, value);
    const auto digits = p - start;
    // A 19th digit could overflow int64 (and wrap the sum): the DOM path decides.
    if (digits == 0 || digits > 18 || (digits > 1 && *start == '0')) return false;
    out = negative ? -static_cast<std::int64_t>(value) : static_cast<std::int64_t>(value);
    p_ = p;
    return true;
  }

  bool boolean(bool& out) noexcept {
    if (literal("true")) {
      out = true;
      return true;
    }
    if (literal("false")) {
      out = false;
      return true;
    }
    return false;
  }

  // A decimal string, converted as the DOM path converts it (json::parse_decimal, i.e.
  // std::from_chars). Fast case: "<digits>[.<digits>]" read straight into an integer over a
  // power of ten; with at most 19 digits (no overflow), a mantissa up to 2^53 and at most 22
  // fraction digits both are exact doubles and the one division is correctly rounded, so it is
  // the very double from_chars returns (Clinger's fast path). Otherwise (long quote volumes,
  // exponents, ...) the string goes to from_chars.
  bool decimal_string(double& out) noexcept {
    static constexpr double kPowersOfTen[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                              1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                              1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const char* const end = end_;
    const char* p = p_;
    const char* const start = p;
    std::uint64_t mantissa = 0;
    p = read_digits_short(p, end, mantissa);
    const auto integer_digits = p - start;
    std::ptrdiff_t fraction_digits = 0;
    if (p < end && *p == '.') {
      const char* const fraction = ++p;
      p = read_digits_run(p, end, mantissa);
      fraction_digits = p - fraction;
    }
    if (p < end && *p == '"' && integer_digits > 0 && (fraction_digits > 0 || *(p - 1) != '.') &&
        integer_digits + fraction_digits <= 19 && mantissa <= (std::uint64_t{1} << 53)) {
      p_ = p + 1;
      out = static_cast<double>(mantissa) / kPowersOfTen[fraction_digits];
      return true;
    }
    std::string_view text;
    return string_body(text) && json::parse_decimal(text, out);
  }

  bool at_end() const noexcept { return p_ == end_; }

 private:
  const char* p_;
  const char* end_;
};

// The checks of KlineFrameParser::parse_kline, as a yes/no: a "no" goes to the DOM path,
// which says why.
bool acceptable(const KlineUpdate& k, std::string_view symbol) noexcept {
  const core::Candle& c = k.candle;
  if (!core::is_valid_exchange_symbol(symbol)) return false;
  if (c.open_time.ms < 0) return false;
  if (c.close_time.ms != c.open_time.ms + core::duration(k.timeframe).count - 1) return false;
  if (core::validate(c) != core::CandleError::kNone) return false;
  for (const double extra : {c.quote_volume, c.taker_buy_base_volume, c.taker_buy_quote_volume}) {
    if (!std::isfinite(extra) || extra < 0) return false;
  }
  return c.trades >= 0;
}

}  // namespace

bool read_kline_fast_path(std::string_view frame, ParsedFrame& out) noexcept {
  Cursor in(frame);
  std::string_view stream;
  const bool combined = in.literal(R"({"stream":")");
  if (combined && !(in.string_body(stream) && in.literal(R"(,"data":)"))) return false;

  std::int64_t event_time = 0;
  std::string_view event_symbol;
  std::string_view symbol;
  std::string_view interval;
  std::string_view ignored;
  std::int64_t open_time = 0;
  std::int64_t close_time = 0;
  std::int64_t first_trade = 0;
  std::int64_t last_trade = 0;
  KlineUpdate& k = out.kline;
  core::Candle& c = k.candle;
  c = core::Candle{};
  const bool read =
      in.literal(R"({"e":"kline","E":)") && in.integer(event_time) && in.literal(R"(,"s":")") &&
      in.string_body(event_symbol) && in.literal(R"(,"k":{"t":)") && in.integer(open_time) &&
      in.literal(R"(,"T":)") && in.integer(close_time) && in.literal(R"(,"s":")") &&
      in.string_body(symbol) && in.literal(R"(,"i":")") && in.string_body(interval) &&
      in.literal(R"(,"f":)") && in.integer(first_trade) && in.literal(R"(,"L":)") &&
      in.integer(last_trade) && in.literal(R"(,"o":")") && in.decimal_string(c.open) &&
      in.literal(R"(,"c":")") && in.decimal_string(c.close) && in.literal(R"(,"h":")") &&
      in.decimal_string(c.high) && in.literal(R"(,"l":")") && in.decimal_string(c.low) &&
      in.literal(R"(,"v":")") && in.decimal_string(c.volume) && in.literal(R"(,"n":)") &&
      in.integer(c.trades) && in.literal(R"(,"x":)") && in.boolean(k.closed) &&
      in.literal(R"(,"q":")") && in.decimal_string(c.quote_volume) && in.literal(R"(,"V":")") &&
      in.decimal_string(c.taker_buy_base_volume) && in.literal(R"(,"Q":")") &&
      in.decimal_string(c.taker_buy_quote_volume) && in.literal(R"(,"B":")") &&
      in.string_body(ignored) && in.literal("}}");
  if (!read || (combined && !in.literal("}")) || !in.at_end()) return false;

  const auto timeframe = core::parse_timeframe(interval);
  if (!timeframe) return false;
  k.timeframe = *timeframe;
  c.open_time = core::TimestampMs{open_time};
  c.close_time = core::TimestampMs{close_time};
  c.has_exchange_extras = true;
  if (!acceptable(k, symbol)) return false;
  k.symbol = core::Symbol(symbol);
  k.event_time = core::TimestampMs{event_time};
  out.type = FrameType::kKline;
  out.event_time = k.event_time;
  out.stream = stream;
  return true;
}

}  // namespace alphapulse::feed
