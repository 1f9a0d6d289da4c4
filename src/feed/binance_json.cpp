// feed/binance_json: see the header.
#include "feed/binance_json.hpp"

#include <charconv>
#include <cstring>
#include <new>
#include <system_error>

namespace alphapulse::feed::json {

std::string_view type_name(const simdjson::dom::element& element) {
  using simdjson::dom::element_type;
  switch (element.type()) {
    case element_type::ARRAY:
      return "array";
    case element_type::OBJECT:
      return "object";
    case element_type::INT64:
    case element_type::UINT64:
      return "integer";
    case element_type::DOUBLE:
      return "number";
    case element_type::STRING:
      return "string";
    case element_type::BOOL:
      return "bool";
    case element_type::NULL_VALUE:
      return "null";
  }
  return "unknown";
}

bool parse_decimal(std::string_view text, double& out) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

bool parse_integer(std::string_view text, std::int64_t& out) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

bool element_integer(const simdjson::dom::element& element, std::int64_t& out) {
  using simdjson::dom::element_type;
  switch (element.type()) {
    case element_type::INT64:
      return element.get_int64().get(out) == simdjson::SUCCESS;
    case element_type::UINT64: {
      std::uint64_t value = 0;
      if (element.get_uint64().get(value) != simdjson::SUCCESS) return false;
      if (value > static_cast<std::uint64_t>(INT64_MAX)) return false;
      out = static_cast<std::int64_t>(value);
      return true;
    }
    case element_type::STRING: {
      std::string_view text;
      if (element.get_string().get(text) != simdjson::SUCCESS) return false;
      return parse_integer(text, out);
    }
    default:
      return false;
  }
}

bool element_decimal(const simdjson::dom::element& element, double& out) {
  using simdjson::dom::element_type;
  switch (element.type()) {
    case element_type::STRING: {
      std::string_view text;
      if (element.get_string().get(text) != simdjson::SUCCESS) return false;
      return parse_decimal(text, out);
    }
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
      return element.get_double().get(out) == simdjson::SUCCESS;
    default:
      return false;
  }
}

bool ObjectReader::has(std::string_view key) const {
  simdjson::dom::element ignored;
  return object_.at_key(key).get(ignored) == simdjson::SUCCESS;
}

bool ObjectReader::fail(std::string_view key, std::string_view what) {
  error_.assign("field '");
  error_.append(path_);
  error_.append(key);
  error_.append("': ");
  error_.append(what);
  return false;
}

void ObjectReader::index_single_character_keys() {
  for (const auto field : object_) {
    const std::string_view key = field.key;
    if (key.size() != 1) continue;
    const auto c = static_cast<unsigned char>(key[0]);
    if (c >= 128) continue;
    std::uint64_t& word = present_[c >> 6];
    const std::uint64_t bit = std::uint64_t{1} << (c & 63);
    if ((word & bit) != 0) continue;  // a duplicate: the first one counts
    word |= bit;
    new (&by_character_[c].element) simdjson::dom::element(field.value);
  }
  indexed_ = true;
}

bool ObjectReader::member(std::string_view key, simdjson::dom::element& out) {
  if (indexed_ && key.size() == 1 && static_cast<unsigned char>(key[0]) < 128) {
    const auto c = static_cast<unsigned char>(key[0]);
    if ((present_[c >> 6] & (std::uint64_t{1} << (c & 63))) == 0) return fail(key, "missing");
    out = by_character_[c].element;
    return true;
  }
  if (object_.at_key(key).get(out) != simdjson::SUCCESS) return fail(key, "missing");
  return true;
}

bool ObjectReader::integer(std::string_view key, std::int64_t& out) {
  simdjson::dom::element element;
  if (!member(key, element)) return false;
  if (element_integer(element, out)) return true;
  std::string what = "expected an integer, got ";
  what += type_name(element);
  if (element.is_string()) {
    what += " \"";
    what += std::string_view(element.get_string().value_unsafe()).substr(0, 40);
    what += '"';
  }
  return fail(key, what);
}

bool ObjectReader::decimal(std::string_view key, double& out) {
  simdjson::dom::element element;
  if (!member(key, element)) return false;
  if (element_decimal(element, out)) return true;
  std::string what;
  if (element.is_string()) {
    what = "not a decimal number: \"";
    what += std::string_view(element.get_string().value_unsafe()).substr(0, 40);
    what += '"';
  } else {
    what = "expected a decimal string or number, got ";
    what += type_name(element);
  }
  return fail(key, what);
}

bool ObjectReader::string(std::string_view key, std::string_view& out) {
  simdjson::dom::element element;
  if (!member(key, element)) return false;
  if (element.get_string().get(out) == simdjson::SUCCESS) return true;
  return fail(key, std::string("expected a string, got ") + std::string(type_name(element)));
}

bool ObjectReader::boolean(std::string_view key, bool& out) {
  simdjson::dom::element element;
  if (!member(key, element)) return false;
  if (element.get_bool().get(out) == simdjson::SUCCESS) return true;
  return fail(key, std::string("expected true or false, got ") + std::string(type_name(element)));
}

bool ObjectReader::object(std::string_view key, simdjson::dom::object& out) {
  simdjson::dom::element element;
  if (!member(key, element)) return false;
  if (element.get_object().get(out) == simdjson::SUCCESS) return true;
  return fail(key, std::string("expected an object, got ") + std::string(type_name(element)));
}

bool ObjectReader::array(std::string_view key, simdjson::dom::array& out) {
  simdjson::dom::element element;
  if (!member(key, element)) return false;
  if (element.get_array().get(out) == simdjson::SUCCESS) return true;
  return fail(key, std::string("expected an array, got ") + std::string(type_name(element)));
}

const char* PaddedBuffer::assign(std::string_view text) {
  const std::size_t needed = text.size() + simdjson::SIMDJSON_PADDING;
  if (needed > capacity_) {
    capacity_ = needed < 4096 ? 4096 : needed + needed / 2;
    data_ = std::make_unique<char[]>(capacity_);
  }
  if (!text.empty()) std::memcpy(data_.get(), text.data(), text.size());
  std::memset(data_.get() + text.size(), 0, simdjson::SIMDJSON_PADDING);
  return data_.get();
}

}  // namespace alphapulse::feed::json
