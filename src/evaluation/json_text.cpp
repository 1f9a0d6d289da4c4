// evaluation/json_text: see json_text.hpp.
#include "evaluation/json_text.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

namespace alphapulse::evaluation {
namespace {

void append_utf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

std::optional<std::uint32_t> hex_value(std::string_view four) {
  std::uint32_t value = 0;
  for (char c : four) {
    value <<= 4;
    if (c >= '0' && c <= '9') {
      value |= static_cast<std::uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      value |= static_cast<std::uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      value |= static_cast<std::uint32_t>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
  }
  return value;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          constexpr std::string_view kHex = "0123456789abcdef";
          out += "\\u00";
          out.push_back(kHex[static_cast<unsigned char>(c) >> 4]);
          out.push_back(kHex[static_cast<unsigned char>(c) & 0xF]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

std::string format_shortest(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  std::array<char, 32> buf{};
  const auto result = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  return std::string(buf.data(), result.ptr);
}

void append_json_number(std::string& out, double value) {
  out += std::isfinite(value) ? format_shortest(value) : "null";
}

bool JsonCursor::fail(std::string message) {
  if (error_.empty()) error_ = std::move(message) + " at offset " + std::to_string(pos_);
  return false;
}

void JsonCursor::skip_space() {
  while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
                                 text_[pos_] == '\r')) {
    ++pos_;
  }
}

bool JsonCursor::consume(char c) {
  skip_space();
  if (pos_ < text_.size() && text_[pos_] == c) {
    ++pos_;
    return true;
  }
  return false;
}

bool JsonCursor::at_end() {
  skip_space();
  return pos_ == text_.size();
}

std::optional<std::string> JsonCursor::read_string() {
  skip_space();
  if (pos_ >= text_.size() || text_[pos_] != '"') {
    fail("expected a string");
    return std::nullopt;
  }
  ++pos_;
  std::string out;
  while (pos_ < text_.size()) {
    const char c = text_[pos_++];
    if (c == '"') return out;
    if (static_cast<unsigned char>(c) < 0x20) {
      fail("control character in a string");
      return std::nullopt;
    }
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (pos_ >= text_.size()) break;
    const char escaped = text_[pos_++];
    switch (escaped) {
      case '"':
        out.push_back('"');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '/':
        out.push_back('/');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'u': {
        if (pos_ + 4 > text_.size()) break;
        auto unit = hex_value(text_.substr(pos_, 4));
        if (!unit) {
          fail("bad \\u escape");
          return std::nullopt;
        }
        pos_ += 4;
        std::uint32_t code_point = *unit;
        if (code_point >= 0xD800 && code_point < 0xDC00 && pos_ + 6 <= text_.size() &&
            text_[pos_] == '\\' && text_[pos_ + 1] == 'u') {
          auto low = hex_value(text_.substr(pos_ + 2, 4));
          if (low && *low >= 0xDC00 && *low < 0xE000) {
            code_point = 0x10000 + ((code_point - 0xD800) << 10) + (*low - 0xDC00);
            pos_ += 6;
          }
        }
        append_utf8(out, code_point);
        break;
      }
      default:
        fail("bad escape");
        return std::nullopt;
    }
  }
  fail("unterminated string");
  return std::nullopt;
}

std::optional<std::string_view> JsonCursor::read_number_token() {
  skip_space();
  const std::size_t start = pos_;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
      ++pos_;
    } else {
      break;
    }
  }
  if (pos_ == start) {
    fail("expected a number");
    return std::nullopt;
  }
  return text_.substr(start, pos_ - start);
}

bool JsonCursor::read_literal(std::string_view word) {
  skip_space();
  if (text_.substr(pos_, word.size()) != word) return false;
  pos_ += word.size();
  return true;
}

std::optional<double> JsonCursor::read_number_or_null() {
  if (read_literal("null")) return std::numeric_limits<double>::quiet_NaN();
  auto token = read_number_token();
  if (!token) return std::nullopt;
  double value = 0;
  const auto result = std::from_chars(token->data(), token->data() + token->size(), value);
  if (result.ec != std::errc() || result.ptr != token->data() + token->size()) {
    fail("bad number '" + std::string(*token) + "'");
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> JsonCursor::read_integer() {
  auto token = read_number_token();
  if (!token) return std::nullopt;
  std::int64_t value = 0;
  const auto result = std::from_chars(token->data(), token->data() + token->size(), value);
  if (result.ec != std::errc() || result.ptr != token->data() + token->size()) {
    fail("bad integer '" + std::string(*token) + "'");
    return std::nullopt;
  }
  return value;
}

std::optional<bool> JsonCursor::read_bool() {
  if (read_literal("true")) return true;
  if (read_literal("false")) return false;
  fail("expected true or false");
  return std::nullopt;
}

bool JsonCursor::skip_value() {
  skip_space();
  if (pos_ >= text_.size()) return fail("expected a value");
  const char c = text_[pos_];
  if (c == '"') return read_string().has_value();
  if (c == '{' || c == '[') {
    const char close = c == '{' ? '}' : ']';
    ++pos_;
    if (consume(close)) return true;
    do {
      if (c == '{') {
        if (!read_string() || !consume(':')) return fail("expected a member");
      }
      if (!skip_value()) return false;
    } while (consume(','));
    return consume(close) || fail("unterminated container");
  }
  if (read_literal("true") || read_literal("false") || read_literal("null")) return true;
  return read_number_or_null().has_value();
}

}  // namespace alphapulse::evaluation
