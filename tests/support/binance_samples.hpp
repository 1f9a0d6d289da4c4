// tests/support/binance_samples: the exchange's own payloads in tests/data/binance (copied from
// the shared protocol folder) and a one-place text edit to derive malformed variants from them.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace alphapulse::test {

// The file's bytes, without a trailing newline (a WebSocket frame has none).
inline std::string read_binance_sample(const std::string& name) {
  std::ifstream in(std::string(ALPHAPULSE_TEST_DATA_DIR) + "/binance/" + name);
  EXPECT_TRUE(in) << name;
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// `text` with the first `from` replaced by `to`; a missing `from` fails the test.
inline std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

}  // namespace alphapulse::test
