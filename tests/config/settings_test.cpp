#include "config/settings.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "feed/binance_feed.hpp"

namespace alphapulse::config {
namespace {

class SettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ap_config_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }
  std::filesystem::path dir_;
  std::map<std::string, std::string> env_;
};

TEST_F(SettingsTest, DefaultsNeedNoFileAndNoServer) {
  LoadInputs in;
  in.dotenv_path = (dir_ / "missing.env").string();
  in.environment = &env_;
  const auto r = load_settings(in);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.settings.exchange, ExchangeMode::kSimulator);
  EXPECT_EQ(r.settings.database_url, "sqlite:///alphapulse.db");
  EXPECT_TRUE(r.settings.redis_url.empty());
  // The feed cannot read Settings (config is not among its dependencies), so its own default is
  // a twin of this one; a program that builds a FeedConfig directly gets the same warm-up.
  EXPECT_EQ(r.settings.warmup_candles, feed::FeedConfig{}.warmup_candles);
}

TEST_F(SettingsTest, PrecedenceDotenvEnvironmentTomlFlags) {
  LoadInputs in;
  in.dotenv_path = write(
      ".env",
      "# comment\nSYMBOLS=ETHUSDT\nexport TARGET_LATENCY_MS=20\nLOG_LEVEL=\"debug\"\nDEBUG=1\n");
  env_ = {{"SYMBOLS", "SOLUSDT,XRPUSDT"}, {"TARGET_LATENCY_MS", "30"}, {"PATH", "/usr/bin"}};
  in.environment = &env_;
  in.toml_path = write("c.toml", "target_latency_ms = 40\ntimeframes = [\"1m\", \"1h\"]\n");
  in.flags = {{"timeframes", "15m"}};
  const auto r = load_settings(in);
  ASSERT_TRUE(r.ok()) << r.errors.front();
  EXPECT_EQ(r.settings.symbols, (std::vector<std::string>{"SOLUSDT", "XRPUSDT"}));  // env over .env
  EXPECT_EQ(r.settings.target_latency_ms, 40.0);                                    // TOML over env
  EXPECT_EQ(r.settings.timeframes,
            std::vector<core::Timeframe>{core::Timeframe::k15m});  // flag over TOML
  EXPECT_EQ(r.settings.log_level, "debug");                        // only .env set it
  EXPECT_TRUE(r.settings.debug);
}

TEST_F(SettingsTest, EveryProblemIsReportedAtOnce) {
  LoadInputs in;
  in.dotenv_path = write(".env", "SYMBOLS=BTCUSDT\nDATABSE_URL=sqlite:///x.db\nnot a pair\n");
  in.environment = &env_;
  in.toml_path =
      write("c.toml", "timeframes = \"15m,7m\"\ncolour = \"red\"\ntarget_latency_ms = -1\n");
  in.flags = {{"log_level", "loud"}};
  const auto r = load_settings(in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors.size(), 6u);
  std::string all;
  for (const auto& e : r.errors) all += e + "\n";
  EXPECT_NE(all.find("unknown key 'DATABSE_URL'"), std::string::npos) << all;
  EXPECT_NE(all.find(".env:3: expected KEY=VALUE"), std::string::npos) << all;
  EXPECT_NE(all.find("'7m' is not a timeframe"), std::string::npos) << all;
  EXPECT_NE(all.find("unknown key 'colour'"), std::string::npos) << all;
  EXPECT_NE(all.find("target_latency_ms"), std::string::npos) << all;
  EXPECT_NE(all.find("log_level"), std::string::npos) << all;
}

TEST_F(SettingsTest, NotANumberAndInfinityAreRefused) {
  // from_chars reads "nan" and "inf"; a range check alone would let NaN through.
  LoadInputs in;
  in.dotenv_path.reset();
  in.environment = &env_;
  in.flags = {{"target_latency_ms", "nan"}, {"sim_speed", "inf"}};
  const auto r = load_settings(in);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.errors.size(), 2u);
  const std::string all = r.errors[0] + "\n" + r.errors[1];
  EXPECT_NE(all.find("target_latency_ms: expected a positive number of milliseconds (got 'nan')"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("sim_speed: expected a positive multiple of real time or 'max' (got 'inf')"),
            std::string::npos)
      << all;
  in.flags = {{"target_latency_ms", "12.5"}, {"sim_speed", "max"}};
  EXPECT_TRUE(load_settings(in).ok());
}

TEST_F(SettingsTest, ExchangeUrlSelectsTheCustomEndpoint) {
  LoadInputs in;
  in.dotenv_path.reset();
  in.environment = &env_;
  in.flags = {{"exchange_url", "http://127.0.0.1:9000"}, {"symbols", "btc/usdt, ethusdt"}};
  const auto r = load_settings(in);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.settings.exchange, ExchangeMode::kCustomUrl);
  EXPECT_EQ(r.settings.symbols, (std::vector<std::string>{"BTCUSDT", "ETHUSDT"}));
}

TEST_F(SettingsTest, TomlSyntaxErrorNamesFileAndLine) {
  LoadInputs in;
  in.dotenv_path.reset();
  in.environment = &env_;
  in.toml_path = write("c.toml", "symbols = [\"BTCUSDT\"\n");
  const auto r = load_settings(in);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.errors.front().find("c.toml:"), std::string::npos) << r.errors.front();
}

TEST_F(SettingsTest, DecisionThreadsIsFeedOrAWorkerCount) {
  LoadInputs in;
  in.environment = &env_;
  EXPECT_EQ(load_settings(in).settings.decision_threads, 0);  // default: the feed's thread
  in.flags["decision_threads"] = "4";
  EXPECT_EQ(load_settings(in).settings.decision_threads, 4);
  env_["DECISION_THREADS"] = "2";
  in.flags["decision_threads"] = "feed";  // flags win over the environment
  EXPECT_EQ(load_settings(in).settings.decision_threads, 0);
  in.flags.clear();
  EXPECT_EQ(load_settings(in).settings.decision_threads, 2);
  for (const char* bad : {"0", "-1", "many", "257"}) {
    in.flags["decision_threads"] = bad;
    const auto r = load_settings(in);
    ASSERT_EQ(r.errors.size(), 1u) << bad;
    EXPECT_NE(r.errors[0].find("decision_threads"), std::string::npos) << r.errors[0];
  }
}

TEST_F(SettingsTest, DecisionCpuIsACpuNumberOrMinusOne) {
  LoadInputs in;
  in.environment = &env_;
  EXPECT_EQ(load_settings(in).settings.decision_cpu, -1);  // default: no pinning
  in.flags["decision_cpu"] = "1";
  EXPECT_EQ(load_settings(in).settings.decision_cpu, 1);
  for (const char* bad : {"-2", "one", "4096"}) {
    in.flags["decision_cpu"] = bad;
    const auto r = load_settings(in);
    ASSERT_EQ(r.errors.size(), 1u) << bad;
    EXPECT_NE(r.errors[0].find("decision_cpu"), std::string::npos) << r.errors[0];
  }
}

TEST_F(SettingsTest, BusyPollIsABooleanOffByDefault) {
  LoadInputs in;
  in.environment = &env_;
  EXPECT_FALSE(load_settings(in).settings.busy_poll);
  in.flags["busy_poll"] = "true";
  EXPECT_TRUE(load_settings(in).settings.busy_poll);
  in.flags["busy_poll"] = "sometimes";
  const auto r = load_settings(in);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].find("busy_poll"), std::string::npos) << r.errors[0];
}

TEST_F(SettingsTest, StrategyKnobsAreUnsetUntilConfigured) {
  // Unset means "the strategy's default": config does not repeat the defaults, so they cannot
  // drift apart from strategy::PipelineSettings' (engine/pipeline_settings fills them in).
  LoadInputs in;
  in.dotenv_path.reset();
  in.environment = &env_;
  const auto r = load_settings(in);
  ASSERT_TRUE(r.ok());
  const StrategyOverrides& o = r.settings.strategy;
  EXPECT_FALSE(o.swing_lookback_candles || o.swing_buffer_atr || o.stop_min_atr || o.stop_max_atr ||
               o.take_profit_r || o.target_filter_rate || o.score_window_candidates ||
               o.cooldown_candles || o.min_stop_distance_pct || o.traded_regimes ||
               o.score_weights);
}

TEST_F(SettingsTest, StrategyKnobsFromEverySource) {
  LoadInputs in;
  in.dotenv_path = write(".env", "STOP_MIN_ATR=1.25\nCOOLDOWN_CANDLES=3\n");
  env_ = {{"TAKE_PROFIT_R", "1, 2, 3, 5"}, {"COOLDOWN_CANDLES", "4"}};
  in.environment = &env_;
  in.toml_path = write("c.toml",
                       "stop_max_atr = 2.5\nswing_buffer_atr = 0\ntarget_filter_rate = 0.65\n"
                       "take_profit_r = [0.5, 1.0, 2, 3.5]\nscore_window_candidates = 100\n"
                       "traded_regimes = [\"ranging\", \"Volatile_Breakout\"]\n");
  in.flags = {{"swing_lookback_candles", "14"},
              {"min_stop_distance_pct", "0.8"},
              {"score_weights", "0.5, 0, 0.25, 0.125, 0.125"}};
  const auto r = load_settings(in);
  ASSERT_TRUE(r.ok()) << r.errors.front();
  const StrategyOverrides& o = r.settings.strategy;
  EXPECT_EQ(o.stop_min_atr, 1.25);   // .env only
  EXPECT_EQ(o.cooldown_candles, 4);  // the environment over .env
  EXPECT_EQ(o.take_profit_r, (std::array<double, 4>{0.5, 1.0, 2.0, 3.5}));  // TOML over env
  EXPECT_EQ(o.stop_max_atr, 2.5);
  EXPECT_EQ(o.swing_buffer_atr, 0.0);  // 0 is a valid buffer: the stop right at the swing
  EXPECT_EQ(o.target_filter_rate, 0.65);
  EXPECT_EQ(o.score_window_candidates, 100);
  EXPECT_EQ(o.swing_lookback_candles, 14);  // flag
  EXPECT_EQ(o.min_stop_distance_pct, 0.8);
  EXPECT_EQ(o.score_weights, (std::array<double, 5>{0.5, 0, 0.25, 0.125, 0.125}));
  EXPECT_EQ(o.traded_regimes, (std::vector<core::MarketRegime>{
                                  core::MarketRegime::kRanging,
                                  core::MarketRegime::kVolatileBreakout}));  // names in either case
}

TEST_F(SettingsTest, StrategyKnobsOutOfRangeAreRefusedWithTheirKey) {
  LoadInputs in;
  in.dotenv_path.reset();
  in.environment = &env_;
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"take_profit_r", "1,2,3"},    // three targets
      {"take_profit_r", "1,2,2,5"},  // not increasing
      {"take_profit_r", "0,1,2,3"},  // a target at entry
      {"take_profit_r", "1,2,3,nan"},
      {"stop_min_atr", "0"},  // no risk at all
      {"stop_max_atr", "-1"},
      {"stop_max_atr", "inf"},
      {"swing_buffer_atr", "-0.1"},
      {"swing_lookback_candles", "0"},
      {"swing_lookback_candles", "2.5"},
      {"target_filter_rate", "1"},  // a gate that rejects every candidate
      {"target_filter_rate", "-0.1"},
      {"score_window_candidates", "1025"},  // above the validator's ring
      {"cooldown_candles", "-1"},
      {"min_stop_distance_pct", "-0.5"},
      {"min_stop_distance_pct", "51"},  // a stop half the price away is no trade's
      {"min_stop_distance_pct", "nan"},
      {"traded_regimes", ""},                     // nothing would ever trade
      {"traded_regimes", "choppy"},               // no playbook to trade
      {"traded_regimes", "ranging,trending"},     // not a regime
      {"traded_regimes", "ranging,ranging"},      // twice
      {"score_weights", "0.3,0.2,0.2,0.15"},      // four weights
      {"score_weights", "0.3,0.2,0.2,0.15,0.2"},  // summing to 1.05
      {"score_weights", "1.5,-0.5,0,0,0"},        // a negative weight
      {"score_weights", "0.3,0.2,0.2,0.15,nan"},
  };
  for (const auto& [key, value] : bad) {
    in.flags = {{key, value}};
    const auto r = load_settings(in);
    ASSERT_EQ(r.errors.size(), 1u) << key << "=" << value;
    EXPECT_NE(r.errors[0].find("command line: " + key + ": expected"), std::string::npos)
        << r.errors[0];
    EXPECT_NE(r.errors[0].find("(got '" + value + "')"), std::string::npos) << r.errors[0];
  }
  in.flags = {{"take_profit_r", "0.75,1.5,2.5,4"},
              {"target_filter_rate", "0"},
              {"score_window_candidates", "1024"},
              {"cooldown_candles", "0"},
              {"min_stop_distance_pct", "0"},  // off
              {"score_weights", "1,0,0,0,0"},
              {"traded_regimes",
               "strong_trend_bull,strong_trend_bear,weak_trend,ranging,"
               "volatile_breakout"}};
  EXPECT_TRUE(load_settings(in).ok());
}

TEST_F(SettingsTest, FeeRateIsUnsetUntilConfiguredAndAFraction) {
  LoadInputs in;
  in.dotenv_path.reset();
  in.environment = &env_;
  EXPECT_FALSE(load_settings(in).settings.fee_rate_per_side);  // EVALUATION.md's 0.1% applies
  env_["FEE_RATE_PER_SIDE"] = "0.00075";
  EXPECT_EQ(load_settings(in).settings.fee_rate_per_side, 0.00075);
  for (const char* bad : {"-0.001", "0.02", "0.1%", "nan"}) {
    in.flags = {{"fee_rate_per_side", bad}};
    const auto r = load_settings(in);
    ASSERT_EQ(r.errors.size(), 1u) << bad;
    EXPECT_NE(r.errors[0].find("fee_rate_per_side: expected a fraction of notional"),
              std::string::npos)
        << r.errors[0];
  }
}

TEST(Redaction, PasswordsNeverShow) {
  EXPECT_EQ(redacted("postgresql://engine:s3cret@db.local:5432/alphapulse"),
            "postgresql://engine:***@db.local:5432/alphapulse");
  EXPECT_EQ(redacted("redis://:hunter2@127.0.0.1:6379/0"), "redis://:***@127.0.0.1:6379/0");
  EXPECT_EQ(redacted("sqlite:///alphapulse.db"), "sqlite:///alphapulse.db");
  EXPECT_EQ(redacted("postgresql://engine@host/db"), "postgresql://engine@host/db");
}

}  // namespace
}  // namespace alphapulse::config
