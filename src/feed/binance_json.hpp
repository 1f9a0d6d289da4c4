// feed/binance_json: typed field access on simdjson DOM objects with Binance's quirks (numbers
// sent as strings, integers sometimes as strings) and errors as values. Every failure names the
// field by its full path and says what was wrong, e.g.
//   field 'data.k.h': expected a decimal string or number, got object
// Internal to the feed module (the parsers share it); strings are built only on failure.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace alphapulse::feed::json {

std::string_view type_name(const simdjson::dom::element& element);

// Parses a whole decimal ("46686.15000000", "-1", "nan") with nothing around it.
bool parse_decimal(std::string_view text, double& out);
// Parses a whole base-10 integer ("8", "-1121").
bool parse_integer(std::string_view text, std::int64_t& out);

// Reads fields of one object; `path` ("data.k.") prefixes the field names in errors.
class ObjectReader {
 public:
  ObjectReader(simdjson::dom::object object, std::string_view path, std::string& error)
      : object_(object), path_(path), error_(error) {}

  // Visits the object once and remembers where each one-character key is (Binance's event and
  // kline keys all are), so the reads after it are a table lookup instead of a scan of every
  // key: a kline object has 17 keys and 15 are read. The first of duplicate keys wins, as
  // with a scan. Other keys are still found by scanning.
  void index_single_character_keys();

  bool has(std::string_view key) const;
  // A JSON integer, or (lenient) a string holding one.
  bool integer(std::string_view key, std::int64_t& out);
  // A string holding a decimal (Binance's price/volume form), or a JSON number.
  bool decimal(std::string_view key, double& out);
  bool string(std::string_view key, std::string_view& out);
  bool boolean(std::string_view key, bool& out);
  bool object(std::string_view key, simdjson::dom::object& out);
  bool array(std::string_view key, simdjson::dom::array& out);

  // Records "field '<path><key>': <what>" and returns false.
  bool fail(std::string_view key, std::string_view what);

 private:
  bool member(std::string_view key, simdjson::dom::element& out);

  simdjson::dom::object object_;
  std::string_view path_;
  std::string& error_;
  // Left uninitialized (a reader is built per object per frame): a slot is constructed when
  // its key is seen and read only when its bit in present_ is set.
  struct Slot {
    Slot() {}  // NOLINT(modernize-use-equals-default): must not construct `element`
    union {
      simdjson::dom::element element;
    };
  };
  bool indexed_ = false;
  std::uint64_t present_[2] = {0, 0};  // bit c: key "c" (ASCII) seen
  Slot by_character_[128];
};

// Typed reads of a single element (array items); false when the type or text is wrong.
bool element_integer(const simdjson::dom::element& element, std::int64_t& out);
bool element_decimal(const simdjson::dom::element& element, double& out);

// Holds a copy of the input with simdjson's required zeroed padding after it. Grows to the
// largest frame seen and is then reused: no allocation per frame after warm-up.
class PaddedBuffer {
 public:
  // Copies `text`; the returned pointer is valid until the next assign.
  const char* assign(std::string_view text);

 private:
  std::unique_ptr<char[]> data_;
  std::size_t capacity_ = 0;
};

}  // namespace alphapulse::feed::json
