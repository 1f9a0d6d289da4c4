// evaluation/signal_jsonl: see signal_jsonl.hpp.
#include "evaluation/signal_jsonl.hpp"

#include <cmath>

#include "evaluation/interned_names.hpp"
#include "evaluation/json_text.hpp"

namespace alphapulse::evaluation {
namespace {

void append_key(std::string& out, std::string_view key) {
  if (out.size() > 1) out.push_back(',');
  append_json_string(out, key);
  out.push_back(':');
}

template <std::size_t N>
void append_named_values(std::string& out, const core::NamedValues<N>& values) {
  out.push_back('{');
  bool first = true;
  for (const core::NamedValue& item : values) {
    if (!first) out.push_back(',');
    first = false;
    append_json_string(out, item.name);
    out.push_back(':');
    append_json_number(out, item.value);
  }
  out.push_back('}');
}

// Reads {"name": number, ...} into `values`, interning the names.
template <std::size_t N>
bool read_named_values(JsonCursor& in, core::NamedValues<N>& values, std::string_view field) {
  if (!in.consume('{')) return in.fail(std::string(field) + ": expected an object");
  if (in.consume('}')) return true;
  do {
    auto name = in.read_string();
    if (!name || !in.consume(':')) return in.fail(std::string(field) + ": expected \"name\":");
    auto value = in.read_number_or_null();
    if (!value) return false;
    if (!values.add(intern_name(*name), *value)) {
      return in.fail(std::string(field) + ": more than " + std::to_string(N) + " values");
    }
  } while (in.consume(','));
  return in.consume('}') || in.fail(std::string(field) + ": expected '}'");
}

struct SeenFields {
  bool signal_id = false, symbol = false, timeframe = false, direction = false;
  bool entry_price = false, stop_loss = false, candle_open_time = false, timestamp = false;
  std::array<bool, 4> take_profits{};
};

// Reads the value of `key` into `signal`. Returns false on a malformed or invalid value.
bool read_field(JsonCursor& in, std::string_view key, core::Signal& signal, SeenFields& seen) {
  auto read_text = [&](auto&& accept) {
    auto text = in.read_string();
    return text && (accept(*text) || in.fail(std::string(key) + ": invalid value '" + *text + "'"));
  };
  auto read_number = [&](double& target, bool* flag) {
    auto value = in.read_number_or_null();
    if (!value) return false;
    target = *value;
    if (flag) *flag = true;
    return true;
  };
  auto read_flag = [&](bool& target) {
    auto value = in.read_bool();
    if (value) target = *value;
    return value.has_value();
  };

  if (key == "signal_id") {
    return read_text([&](const std::string& t) {
      seen.signal_id = true;
      signal.signal_id.assign(t);
      return decltype(signal.signal_id)::fits(t);
    });
  }
  if (key == "symbol") {
    return read_text([&](const std::string& t) {
      seen.symbol = true;
      signal.symbol.assign(t);
      return core::Symbol::fits(t) && !t.empty();
    });
  }
  if (key == "timeframe") {
    return read_text([&](const std::string& t) {
      auto tf = core::parse_timeframe(t);
      if (tf) signal.timeframe = *tf;
      seen.timeframe = tf.has_value();
      return tf.has_value();
    });
  }
  if (key == "direction") {
    return read_text([&](const std::string& t) {
      auto d = core::parse_direction(t);
      if (d) signal.direction = *d;
      seen.direction = d.has_value();
      return d.has_value();
    });
  }
  if (key == "market_regime") {
    return read_text([&](const std::string& t) {
      auto r = core::parse_market_regime(t);
      if (r) signal.market_regime = *r;
      return r.has_value();
    });
  }
  if (key == "outcome") {
    return read_text([&](const std::string& t) {
      auto o = core::parse_signal_outcome(t);
      if (o) signal.outcome = *o;
      return o.has_value();
    });
  }
  if (key == "pattern_type") {
    return read_text([&](const std::string& t) {
      signal.pattern_type = intern_name(t);
      return true;
    });
  }
  if (key == "timestamp") {
    return read_text([&](const std::string& t) {
      auto ts = core::parse_iso8601(t);
      if (ts) signal.timestamp = *ts;
      seen.timestamp = ts.has_value();
      return ts.has_value();
    });
  }
  if (key == "confidence") return read_number(signal.confidence, nullptr);
  if (key == "entry_price") return read_number(signal.entry_price, &seen.entry_price);
  if (key == "stop_loss") return read_number(signal.stop_loss, &seen.stop_loss);
  if (key == "risk_reward_ratio") return read_number(signal.risk_reward_ratio, nullptr);
  if (key.size() == 3 && key.substr(0, 2) == "tp" && key[2] >= '1' && key[2] <= '4') {
    const auto k = static_cast<std::size_t>(key[2] - '1');
    return read_number(signal.take_profits[k], &seen.take_profits[k]);
  }
  if (key == "volume_confirmation") return read_flag(signal.volume_confirmation);
  if (key == "trend_alignment") return read_flag(signal.trend_alignment);
  if (key == "indicators") return read_named_values(in, signal.indicators, key);
  if (key == "validation_metrics") return read_named_values(in, signal.validation_metrics, key);
  if (key == "candle_open_time_ms") {
    auto ms = in.read_integer();
    if (ms) signal.candle_open_time = {*ms};
    seen.candle_open_time = ms.has_value();
    return ms.has_value();
  }
  return in.skip_value();  // a field this version does not know
}

std::string_view first_missing(const SeenFields& seen) {
  if (!seen.signal_id) return "signal_id";
  if (!seen.symbol) return "symbol";
  if (!seen.timeframe) return "timeframe";
  if (!seen.direction) return "direction";
  if (!seen.entry_price) return "entry_price";
  constexpr std::string_view kTakeProfits[] = {"tp1", "tp2", "tp3", "tp4"};
  for (std::size_t k = 0; k < 4; ++k) {
    if (!seen.take_profits[k]) return kTakeProfits[k];
  }
  if (!seen.stop_loss) return "stop_loss";
  if (!seen.candle_open_time) return "candle_open_time_ms";
  return {};
}

}  // namespace

core::TimestampMs candle_close_instant(const core::Signal& signal) {
  return signal.candle_open_time + core::duration(signal.timeframe);
}

std::string to_jsonl(const core::Signal& signal) {
  std::string out;
  out.reserve(1024);
  out.push_back('{');
  append_key(out, "signal_id");
  append_json_string(out, signal.signal_id.view());
  append_key(out, "symbol");
  append_json_string(out, signal.symbol.view());
  append_key(out, "timeframe");
  append_json_string(out, core::to_string(signal.timeframe));
  append_key(out, "direction");
  append_json_string(out, core::to_string(signal.direction));
  append_key(out, "confidence");
  append_json_number(out, signal.confidence);
  append_key(out, "entry_price");
  append_json_number(out, signal.entry_price);
  constexpr std::string_view kTakeProfits[] = {"tp1", "tp2", "tp3", "tp4"};
  for (std::size_t k = 0; k < 4; ++k) {
    append_key(out, kTakeProfits[k]);
    append_json_number(out, signal.take_profits[k]);
  }
  append_key(out, "stop_loss");
  append_json_number(out, signal.stop_loss);
  append_key(out, "risk_reward_ratio");
  append_json_number(out, signal.risk_reward_ratio);
  append_key(out, "pattern_type");
  append_json_string(out, signal.pattern_type);
  append_key(out, "volume_confirmation");
  out += signal.volume_confirmation ? "true" : "false";
  append_key(out, "trend_alignment");
  out += signal.trend_alignment ? "true" : "false";
  append_key(out, "market_regime");
  append_json_string(out, core::to_string(signal.market_regime));
  append_key(out, "indicators");
  append_named_values(out, signal.indicators);
  append_key(out, "validation_metrics");
  append_named_values(out, signal.validation_metrics);
  append_key(out, "timestamp");
  append_json_string(out, core::format_iso8601(candle_close_instant(signal)));
  append_key(out, "outcome");
  append_json_string(out, core::to_string(signal.outcome));
  append_key(out, "candle_open_time_ms");
  out += std::to_string(signal.candle_open_time.ms);
  out.push_back('}');
  return out;
}

std::optional<core::Signal> parse_signal_jsonl(std::string_view line, std::string* error) {
  auto failed = [&](const std::string& why) -> std::optional<core::Signal> {
    if (error) *error = why;
    return std::nullopt;
  };
  JsonCursor in(line);
  core::Signal signal;
  SeenFields seen;
  if (!in.consume('{')) return failed("expected '{' at offset " + std::to_string(in.position()));
  if (!in.consume('}')) {
    do {
      auto key = in.read_string();
      if (!key || !in.consume(':')) {
        in.fail("expected \"field\":");
        return failed(in.error());
      }
      if (!read_field(in, *key, signal, seen)) {
        in.fail("invalid value");
        return failed("field '" + *key + "': " + in.error());
      }
    } while (in.consume(','));
    if (!in.consume('}')) {
      in.fail("expected ',' or '}'");
      return failed(in.error());
    }
  }
  if (!in.at_end())
    return failed("text after the object at offset " + std::to_string(in.position()));
  if (auto missing = first_missing(seen); !missing.empty()) {
    return failed("missing field '" + std::string(missing) + "'");
  }
  if (!seen.timestamp) signal.timestamp = candle_close_instant(signal);
  return signal;
}

}  // namespace alphapulse::evaluation
