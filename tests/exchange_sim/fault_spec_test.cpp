// Fault spec parsing: the documented example, defaults, and errors that name the bad key/value.
#include "exchange_sim/fault_spec.hpp"

#include <gtest/gtest.h>

namespace alphapulse::exchange_sim {
namespace {

TEST(FaultSpec, ParsesTheDocumentedExample) {
  std::string error;
  const auto spec = parse_fault_spec(
      "disconnect_every=500,drop=0.01,duplicate=0.01,reorder=0.01,malformed=0.001,rest_429=0.05,"
      "stall_ms=2000",
      &error);
  ASSERT_TRUE(spec) << error;
  EXPECT_EQ(spec->disconnect_every, 500u);
  EXPECT_DOUBLE_EQ(spec->drop, 0.01);
  EXPECT_DOUBLE_EQ(spec->duplicate, 0.01);
  EXPECT_DOUBLE_EQ(spec->reorder, 0.01);
  EXPECT_DOUBLE_EQ(spec->malformed, 0.001);
  EXPECT_DOUBLE_EQ(spec->rest_429, 0.05);
  EXPECT_EQ(spec->stall_ms, 2000);
  EXPECT_TRUE(spec->any());
  const auto again = parse_fault_spec(to_string(*spec), &error);
  ASSERT_TRUE(again) << error;
  EXPECT_EQ(to_string(*again), to_string(*spec));
}

TEST(FaultSpec, EmptyMeansNoFaultsAndSpacesAreTolerated) {
  const auto none = parse_fault_spec("", nullptr);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->any());
  const auto spaced = parse_fault_spec(" drop = 0.5 , stall_ms=10 ", nullptr);
  ASSERT_TRUE(spaced);
  EXPECT_DOUBLE_EQ(spaced->drop, 0.5);
  EXPECT_EQ(spaced->stall_ms, 10);
}

void expect_rejected(std::string_view text, std::string_view must_mention) {
  std::string error;
  EXPECT_FALSE(parse_fault_spec(text, &error)) << text;
  EXPECT_NE(error.find(must_mention), std::string::npos)
      << "'" << error << "' should mention " << must_mention;
}

TEST(FaultSpec, RejectsBadKeysAndValuesWithAClearMessage) {
  expect_rejected("dropp=0.1", "unknown fault 'dropp'");
  expect_rejected("drop=abc", "fault 'drop': 'abc' is not a share in [0, 1]");
  expect_rejected("drop=1.5", "'1.5'");
  expect_rejected("drop=-0.1", "'-0.1'");
  expect_rejected("disconnect_every=0", "fault 'disconnect_every': '0' is not a positive integer");
  expect_rejected("disconnect_every=2.5", "'2.5'");
  expect_rejected("stall_ms=", "fault 'stall_ms'");
  expect_rejected("drop", "expected key=value");
  expect_rejected("drop=0.1,,reorder=0.1", "empty fault entry");
  expect_rejected("drop=0.1,drop=0.2", "given twice");
  expect_rejected("drop=0.6,duplicate=0.6", "more than 1");
}

}  // namespace
}  // namespace alphapulse::exchange_sim
