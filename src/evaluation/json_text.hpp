// evaluation/json_text: the little JSON this module needs, written and read by hand with
// the standard library only. Writing: strings escaped, numbers in shortest round-trip form
// (std::to_chars), non-finite numbers as null. Reading: a cursor over one JSON text that
// understands objects, strings, numbers, true/false/null, and can skip any value (arrays
// included) so unknown fields in a signal line are tolerated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace alphapulse::evaluation {

// Appends `text` as a quoted JSON string (", \, control characters escaped; UTF-8 kept).
void append_json_string(std::string& out, std::string_view text);

// Appends the shortest text that reads back as exactly `value`; null when not finite.
void append_json_number(std::string& out, double value);

// Shortest round-trip text of `value` ("nan", "inf", "-inf" when not finite).
std::string format_shortest(double value);

// Reads one JSON text left to right. Every read_* skips leading whitespace and returns
// nullopt (with error() set) on malformed input; after a failure the cursor is not usable.
class JsonCursor {
 public:
  explicit JsonCursor(std::string_view text) : text_(text) {}

  // Consumes `c` if it is the next non-space character.
  bool consume(char c);
  // True when only whitespace remains.
  bool at_end();

  std::optional<std::string> read_string();
  // A number, or null (read as NaN).
  std::optional<double> read_number_or_null();
  // An integer written without fraction or exponent.
  std::optional<std::int64_t> read_integer();
  std::optional<bool> read_bool();
  // Skips any value: object, array, string, number, literal.
  bool skip_value();

  const std::string& error() const { return error_; }
  std::size_t position() const { return pos_; }
  bool fail(std::string message);  // records the first error, returns false

 private:
  void skip_space();
  std::optional<std::string_view> read_number_token();
  bool read_literal(std::string_view word);

  std::string_view text_;
  std::size_t pos_ = 0;
  std::string error_;
};

}  // namespace alphapulse::evaluation
