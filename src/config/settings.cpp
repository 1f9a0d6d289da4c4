#include "config/settings.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace alphapulse::config {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  const auto end = s.find_last_not_of(" \t\r\n");
  return s.substr(begin, end - begin + 1);
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    item = trim(item);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::optional<bool> parse_bool(const std::string& text) {
  const std::string t = lower(trim(text));
  if (t == "1" || t == "true" || t == "yes" || t == "on") return true;
  if (t == "0" || t == "false" || t == "no" || t == "off" || t.empty()) return false;
  return std::nullopt;
}

// A finite number: from_chars also reads "nan" and "inf", which every range check below would
// let through (NaN compares false with any bound).
std::optional<double> parse_double(const std::string& text) {
  const std::string t = trim(text);
  double v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<std::int64_t> parse_int(const std::string& text) {
  const std::string t = trim(text);
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size()) return std::nullopt;
  return v;
}

// The strategy's keys (StrategyOverrides). The ranges refuse what no strategy could mean (a
// negative risk, a filter that rejects everything); how the knobs relate to each other (the
// stop's floor under its ceiling, with whichever of them is left at its default) is checked
// once the strategy's defaults are filled in (strategy::settings_problems). False: not one of
// these keys.
template <typename Bad>
bool apply_strategy_key(const std::string& key, const std::string& value, StrategyOverrides& o,
                        const Bad& bad) {
  auto set_double = [&](std::optional<double>& field, double low, bool low_inclusive, double high,
                        const char* expected) {
    const auto v = parse_double(value);
    if (!v || *v > high || (low_inclusive ? *v < low : *v <= low)) {
      bad(expected);
    } else {
      field = *v;
    }
  };
  auto set_int = [&](std::optional<int>& field, std::int64_t low, std::int64_t high,
                     const char* expected) {
    const auto v = parse_int(value);
    if (!v || *v < low || *v > high) {
      bad(expected);
    } else {
      field = static_cast<int>(*v);
    }
  };
  if (key == "swing_lookback_candles") {
    set_int(o.swing_lookback_candles, 1, 1000, "expected a whole number of candles from 1 to 1000");
  } else if (key == "swing_buffer_atr") {
    set_double(o.swing_buffer_atr, 0, true, 100, "expected a multiple of ATR from 0 to 100");
  } else if (key == "stop_min_atr") {
    set_double(o.stop_min_atr, 0, false, 100, "expected a multiple of ATR above 0, at most 100");
  } else if (key == "stop_max_atr") {
    set_double(o.stop_max_atr, 0, false, 100, "expected a multiple of ATR above 0, at most 100");
  } else if (key == "take_profit_r") {
    const auto items = split_list(value);
    std::array<double, 4> targets{};
    bool ok = items.size() == targets.size();
    for (std::size_t i = 0; ok && i < targets.size(); ++i) {
      const auto v = parse_double(items[i]);
      ok = v && *v > 0 && *v <= 100 && (i == 0 || *v > targets[i - 1]);
      if (ok) targets[i] = *v;
    }
    if (ok) {
      o.take_profit_r = targets;
    } else {
      bad("expected four increasing multiples of the risk, above 0 and at most 100, for TP1..TP4 "
          "(e.g. 1.5,3,4.5,6)");
    }
  } else if (key == "target_filter_rate") {
    set_double(o.target_filter_rate, 0, true, 0.99,
               "expected the share of candidates the quality gate rejects, from 0 to 0.99");
  } else if (key == "score_window_candidates") {
    set_int(o.score_window_candidates, 1, 1024,
            "expected a whole number of candidates from 1 to 1024");
  } else if (key == "cooldown_candles") {
    set_int(o.cooldown_candles, 0, 100000, "expected a whole number of candles from 0 to 100000");
  } else if (key == "min_stop_distance_pct") {
    set_double(o.min_stop_distance_pct, 0, true, 50,
               "expected a percent of the entry price from 0 (off) to 50");
  } else if (key == "score_weights") {
    const auto items = split_list(value);
    std::array<double, 5> weights{};
    bool ok = items.size() == weights.size();
    double sum = 0;
    for (std::size_t i = 0; ok && i < weights.size(); ++i) {
      const auto v = parse_double(items[i]);
      ok = v && *v >= 0 && *v <= 1;
      if (ok) sum += weights[i] = *v;
    }
    if (ok && std::abs(sum - 1) <= 1e-6) {
      o.score_weights = weights;
    } else {
      bad("expected five weights from 0 to 1 that sum to 1, for confluence, regime confidence, "
          "higher-timeframe fit, volume and risk fit (e.g. 0.3,0.2,0.2,0.15,0.15)");
    }
  } else if (key == "traded_regimes") {
    std::vector<core::MarketRegime> regimes;
    bool ok = true;
    for (const auto& item : split_list(value)) {
      const auto regime = core::parse_market_regime(item);
      ok = ok && regime && *regime != core::MarketRegime::kChoppy &&
           std::find(regimes.begin(), regimes.end(), *regime) == regimes.end();
      if (ok) regimes.push_back(*regime);
    }
    if (ok && !regimes.empty()) {
      o.traded_regimes = std::move(regimes);
    } else {
      bad("expected one or more of strong_trend_bull, strong_trend_bear, weak_trend, ranging, "
          "volatile_breakout, each once (choppy has no playbook to trade)");
    }
  } else {
    return false;
  }
  return true;
}

// Applies one key; appends an error naming `where` when the value is unusable.
void apply(const std::string& key, const std::string& value, const std::string& where, Settings& s,
           std::vector<std::string>& errors) {
  auto bad = [&](const std::string& what) {
    errors.push_back(where + ": " + key + ": " + what + " (got '" + value + "')");
  };
  auto set_bool = [&](bool& field) {
    if (const auto b = parse_bool(value)) {
      field = *b;
    } else {
      bad("expected true or false");
    }
  };
  if (key == "exchange") {
    const std::string v = lower(trim(value));
    if (v == "sim" || v == "simulator") {
      s.exchange = ExchangeMode::kSimulator;
    } else if (v == "binance") {
      s.exchange = ExchangeMode::kBinance;
    } else {
      bad("expected 'simulator' or 'binance' (use exchange_url for another endpoint)");
    }
  } else if (key == "exchange_url") {
    s.exchange_url = trim(value);
    if (!s.exchange_url.empty()) {
      if (!s.exchange_url.starts_with("http://") && !s.exchange_url.starts_with("https://")) {
        bad("expected http://HOST:PORT or https://HOST:PORT");
      } else {
        s.exchange = ExchangeMode::kCustomUrl;
      }
    }
  } else if (key == "symbols") {
    std::vector<std::string> symbols;
    for (const auto& item : split_list(value)) {
      std::string sym = upper(item);
      sym.erase(std::remove(sym.begin(), sym.end(), '/'), sym.end());
      const bool valid =
          sym.size() >= 2 && sym.size() <= 20 && std::all_of(sym.begin(), sym.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c));
          });
      if (!valid) {
        bad("'" + item + "' is not a symbol");
        return;
      }
      symbols.push_back(sym);
    }
    if (symbols.empty()) {
      bad("at least one symbol is needed");
      return;
    }
    s.symbols = symbols;
  } else if (key == "timeframes") {
    std::vector<core::Timeframe> tfs;
    for (const auto& item : split_list(value)) {
      const auto tf = core::parse_timeframe(item);
      if (!tf) {
        bad("'" + item + "' is not a timeframe (1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d)");
        return;
      }
      tfs.push_back(*tf);
    }
    if (tfs.empty()) {
      bad("at least one timeframe is needed");
      return;
    }
    s.timeframes = tfs;
  } else if (key == "database_url") {
    s.database_url = trim(value);
    if (!s.database_url.starts_with("sqlite://") && !s.database_url.starts_with("postgresql://") &&
        !s.database_url.starts_with("postgres://")) {
      bad("expected sqlite:///path or postgresql://...");
    }
  } else if (key == "journal_path") {
    s.journal_path = trim(value);
    if (s.journal_path.empty()) bad("expected a file path");
  } else if (key == "redis_url") {
    s.redis_url = trim(value);
    if (!s.redis_url.empty() && !s.redis_url.starts_with("redis://"))
      bad("expected redis://HOST:PORT");
  } else if (key == "target_latency_ms") {
    const auto v = parse_double(value);
    if (!v || *v <= 0) {
      bad("expected a positive number of milliseconds");
    } else {
      s.target_latency_ms = *v;
    }
  } else if (key == "log_level") {
    const std::string v = lower(trim(value));
    if (v != "trace" && v != "debug" && v != "info" && v != "warn" && v != "error") {
      bad("expected trace, debug, info, warn or error");
    } else {
      s.log_level = v;
    }
  } else if (key == "debug") {
    set_bool(s.debug);
  } else if (key == "enable_regime_detection") {
    set_bool(s.enable_regime_detection);
  } else if (key == "enable_ml") {
    set_bool(s.enable_ml);
  } else if (key == "sim_data_dir") {
    s.sim_data_dir = trim(value);
  } else if (key == "sim_speed") {
    const std::string v = lower(trim(value));
    if (v == "max") {
      s.sim_speed = 0;
    } else if (const auto d = parse_double(v); d && *d > 0) {
      s.sim_speed = *d;
    } else {
      bad("expected a positive multiple of real time or 'max'");
    }
  } else if (key == "sim_faults") {
    s.sim_faults = trim(value);
  } else if (key == "warmup_candles") {
    const auto v = parse_int(value);
    if (!v || *v < 0 || *v > 100000) {
      bad("expected a whole number from 0 to 100000");
    } else {
      s.warmup_candles = *v;
    }
  } else if (key == "signals_out") {
    s.signals_out = trim(value);
  } else if (key == "exit_at_end") {
    set_bool(s.exit_at_end);
  } else if (key == "status_interval_ms") {
    const auto v = parse_int(value);
    if (!v || *v < 100) {
      bad("expected at least 100 ms");
    } else {
      s.status_interval_ms = *v;
    }
  } else if (key == "decision_cpu") {
    const auto v = parse_int(trim(value));
    if (!v || *v < -1 || *v > 1023) {
      bad("expected a CPU number (0-based), or -1 for no pinning");
    } else {
      s.decision_cpu = static_cast<int>(*v);
    }
  } else if (key == "busy_poll") {
    set_bool(s.busy_poll);
  } else if (apply_strategy_key(key, value, s.strategy, bad)) {
    return;
  } else if (key == "fee_rate_per_side") {
    const auto v = parse_double(value);
    if (!v || *v < 0 || *v > 0.01) {
      bad("expected a fraction of notional per side from 0 to 0.01 (0.001 is 0.1%)");
    } else {
      s.fee_rate_per_side = *v;
    }
  } else if (key == "decision_threads") {
    const std::string text = trim(value);
    const auto v = parse_int(text);
    if (text == "feed") {
      s.decision_threads = 0;
    } else if (!v || *v < 1 || *v > 256) {
      bad("expected feed (decide on the feed's thread) or a number of worker threads, 1..256");
    } else {
      s.decision_threads = *v;
    }
  }
}

bool is_known(const std::string& key) {
  const auto& keys = known_keys();
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

void apply_all(const RawValues& values, const std::string& where, Settings& s,
               std::vector<std::string>& errors, bool reject_unknown) {
  for (const auto& [key, value] : values) {
    if (!is_known(key)) {
      if (reject_unknown) errors.push_back(where + ": unknown key '" + key + "'");
      continue;
    }
    apply(key, value, where, s, errors);
  }
}

// KEY=VALUE lines; '#' comments, optional `export `, optional matching quotes.
bool read_dotenv(const std::string& path, RawValues& out, std::vector<std::string>& errors) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    if (line.starts_with("export ")) line = trim(line.substr(7));
    const auto eq = line.find('=');
    if (eq == std::string::npos) {
      errors.push_back(path + ":" + std::to_string(number) + ": expected KEY=VALUE");
      continue;
    }
    std::string key = lower(trim(line.substr(0, eq)));
    std::string value = trim(line.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    if (!is_known(key)) {
      errors.push_back(path + ":" + std::to_string(number) + ": unknown key '" + upper(key) + "'");
      continue;
    }
    out[key] = value;
  }
  return true;
}

std::string toml_value_text(const toml::node& node) {
  if (const auto* s = node.as_string()) return s->get();
  if (const auto* b = node.as_boolean()) return b->get() ? "true" : "false";
  if (const auto* i = node.as_integer()) return std::to_string(i->get());
  if (const auto* f = node.as_floating_point()) {
    std::ostringstream o;
    o << f->get();
    return o.str();
  }
  if (const auto* a = node.as_array()) {
    std::string joined;
    for (const auto& item : *a) {
      if (!joined.empty()) joined += ',';
      joined += toml_value_text(item);
    }
    return joined;
  }
  return "";
}

}  // namespace

const std::vector<std::string>& known_keys() {
  static const std::vector<std::string> keys = {"exchange",
                                                "exchange_url",
                                                "symbols",
                                                "timeframes",
                                                "database_url",
                                                "redis_url",
                                                "target_latency_ms",
                                                "log_level",
                                                "debug",
                                                "enable_regime_detection",
                                                "enable_ml",
                                                "sim_data_dir",
                                                "sim_speed",
                                                "sim_faults",
                                                "warmup_candles",
                                                "signals_out",
                                                "exit_at_end",
                                                "status_interval_ms",
                                                "journal_path",
                                                "decision_threads",
                                                "decision_cpu",
                                                "busy_poll",
                                                "swing_lookback_candles",
                                                "swing_buffer_atr",
                                                "stop_min_atr",
                                                "stop_max_atr",
                                                "take_profit_r",
                                                "target_filter_rate",
                                                "score_window_candidates",
                                                "cooldown_candles",
                                                "min_stop_distance_pct",
                                                "traded_regimes",
                                                "score_weights",
                                                "fee_rate_per_side"};
  return keys;
}

std::string redacted(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const auto at = url.find('@', scheme + 3);
  if (at == std::string::npos) return url;
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

LoadResult load_settings(const LoadInputs& inputs) {
  LoadResult result;
  Settings& s = result.settings;
  auto& errors = result.errors;

  if (inputs.dotenv_path) {
    RawValues dotenv;
    if (read_dotenv(*inputs.dotenv_path, dotenv, errors)) {
      apply_all(dotenv, *inputs.dotenv_path, s, errors, true);
      result.sources.push_back(*inputs.dotenv_path);
    } else if (inputs.dotenv_required) {
      errors.push_back(*inputs.dotenv_path + ": cannot read");
    }
  }

  // The environment holds many unrelated variables: read only the known names.
  RawValues from_env;
  for (const auto& key : known_keys()) {
    const std::string name = upper(key);
    if (inputs.environment) {
      if (auto it = inputs.environment->find(name); it != inputs.environment->end())
        from_env[key] = it->second;
    } else if (const char* v = std::getenv(name.c_str())) {
      from_env[key] = v;
    }
  }
  if (!from_env.empty()) {
    apply_all(from_env, "environment", s, errors, false);
    result.sources.push_back("environment");
  }

  if (inputs.toml_path) {
    RawValues from_toml;
    try {
      const toml::table table = toml::parse_file(*inputs.toml_path);
      for (const auto& [key, node] : table) {
        if (node.is_table()) {
          errors.push_back(*inputs.toml_path + ": unknown section [" + std::string(key.str()) +
                           "]");
          continue;
        }
        from_toml[lower(std::string(key.str()))] = toml_value_text(node);
      }
    } catch (const toml::parse_error& e) {
      std::ostringstream where;
      where << *inputs.toml_path << ":" << e.source().begin.line << ": " << e.description();
      errors.push_back(where.str());
    }
    apply_all(from_toml, *inputs.toml_path, s, errors, true);
    result.sources.push_back(*inputs.toml_path);
  }

  apply_all(inputs.flags, "command line", s, errors, true);
  if (s.exchange == ExchangeMode::kCustomUrl && s.exchange_url.empty())
    errors.push_back("exchange_url is empty");
  return result;
}

}  // namespace alphapulse::config
