// bus/signal_publisher: see signal_publisher.hpp.
#include "bus/signal_publisher.hpp"

#include <utility>

#include "evaluation/json_text.hpp"
#include "evaluation/signal_jsonl.hpp"

namespace alphapulse::bus {
namespace {

// KEYS[1] dedup key, KEYS[2] stream.
// ARGV[1] dedup TTL (ms), ARGV[2] stream MAXLEN (approximate), ARGV[3] message to PUBLISH,
// ARGV[4] channel count n, ARGV[5..4+n] channels, ARGV[5+n..] stream field/value pairs.
// The dedup key is set last: if XADD fails (a wrong-typed key) nothing is marked published.
// Scripts run atomically, so a concurrent or repeated call sees all of it or none of it.
constexpr std::string_view kPublishOnceScript = R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local n = tonumber(ARGV[4])
local fields = {}
for i = 5 + n, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', unpack(fields))
for i = 5, 4 + n do redis.call('PUBLISH', ARGV[i], ARGV[3]) end
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
return 1
)lua";

bool is_noscript(const RedisReply& reply) {
  return reply.is_error() && reply.text.compare(0, 8, "NOSCRIPT") == 0;
}

}  // namespace

SignalPublisher::SignalPublisher(RedisConnection& connection, PublisherOptions options)
    : connection_(connection), options_(std::move(options)) {
  keys_.prefix = options_.prefix;
}

void SignalPublisher::add_item(std::string_view dedup_key, std::string_view stream,
                               std::int64_t max_length, std::string_view payload,
                               std::string_view channel, std::string_view stream_channel,
                               std::initializer_list<std::string_view> fields) {
  batch_.begin().arg("EVALSHA").arg(script_sha_).arg(std::int64_t{2}).arg(dedup_key).arg(stream);
  batch_.arg(options_.dedup_ttl.count).arg(max_length).arg(payload);
  batch_.arg(std::int64_t{options_.per_stream_channels ? 2 : 1}).arg(channel);
  if (options_.per_stream_channels) batch_.arg(stream_channel);
  for (std::string_view f : fields) batch_.arg(f);
}

Status SignalPublisher::load_script() {
  if (!script_sha_.empty()) return {};
  auto reply = connection_.command({"SCRIPT", "LOAD", kPublishOnceScript});
  if (!reply) return reply.error();
  script_sha_ = reply->text;
  return {};
}

Result<std::size_t> SignalPublisher::run_batch(std::string_view what) {
  if (batch_.empty()) return std::size_t{0};
  auto replies = connection_.pipeline(batch_);
  if (!replies) return replies.error();

  // The server forgets cached scripts when it restarts or on SCRIPT FLUSH; an EVALSHA
  // answered NOSCRIPT did not run, so sending those items again with the script text is safe.
  retry_batch_.clear();
  std::vector<std::size_t> retried;
  for (std::size_t i = 0; i < replies->size(); ++i) {
    if (!is_noscript((*replies)[i])) continue;
    retried.push_back(i);
    retry_batch_.begin().arg("EVAL").arg(kPublishOnceScript);
    const auto args = batch_.command(i);  // EVALSHA sha numkeys keys... args...
    for (std::size_t a = 2; a < args.size(); ++a) retry_batch_.arg(args[a]);
  }
  if (!retry_batch_.empty()) {
    auto again = connection_.pipeline(retry_batch_);
    if (!again) return again.error();
    for (std::size_t k = 0; k < retried.size(); ++k)
      (*replies)[retried[k]] = std::move((*again)[k]);
  }

  std::size_t published = 0;
  for (const RedisReply& reply : *replies) {
    if (reply.is_error()) return connection_.reply_error(what, reply);
    if (reply.type == RedisReply::Type::kInteger && reply.integer == 1) ++published;
  }
  return published;
}

Result<std::size_t> SignalPublisher::publish(std::span<const core::Signal> signals) {
  if (signals.empty()) return std::size_t{0};
  if (Status s = load_script(); !s) return s.error();
  batch_.clear();
  const std::string stream = keys_.signal_stream();
  const std::string channel = keys_.signal_channel();
  for (const core::Signal& signal : signals) {
    const std::string json = evaluation::to_jsonl(signal);
    const std::string name = stream_name(signal.symbol, signal.timeframe);
    add_item(keys_.signal_dedup(signal.signal_id.view()), stream, options_.signal_stream_max_length,
             json, channel, keys_.signal_channel(name),
             {"signal_id", signal.signal_id.view(), "symbol", signal.symbol.view(), "timeframe",
              core::to_string(signal.timeframe), "json", json});
  }
  return run_batch("publish signals (EVALSHA)");
}

Result<std::size_t> SignalPublisher::publish_regime_changes(
    std::span<const RegimeChangeEvent> changes) {
  if (changes.empty()) return std::size_t{0};
  if (Status s = load_script(); !s) return s.error();
  batch_.clear();
  const std::string stream = keys_.regime_change_stream();
  const std::string channel = keys_.regime_change_channel();
  for (const RegimeChangeEvent& event : changes) {
    const std::string json = regime_change_json(event);
    const std::string name = stream_name(event.symbol, event.timeframe);
    const std::string open_ms = std::to_string(event.change.time.ms);
    add_item(keys_.regime_change_dedup(name, event.change.time.ms), stream,
             options_.regime_stream_max_length, json, channel, keys_.regime_change_channel(name),
             {"symbol", event.symbol.view(), "timeframe", core::to_string(event.timeframe),
              "candle_open_time_ms", open_ms, "regime", core::to_string(event.change.regime_type),
              "json", json});
  }
  return run_batch("publish regime changes (EVALSHA)");
}

std::string regime_change_json(const RegimeChangeEvent& event) {
  using evaluation::append_json_number;
  using evaluation::append_json_string;
  const regime::RegimeChange& c = event.change;
  std::string out = "{\"symbol\":";
  append_json_string(out, event.symbol.view());
  out += ",\"timeframe\":";
  append_json_string(out, core::to_string(event.timeframe));
  out += ",\"time\":";
  append_json_string(out, core::format_iso8601(c.time + core::duration(event.timeframe)));
  out += ",\"candle_open_time_ms\":";
  out += std::to_string(c.time.ms);
  out += ",\"regime\":";
  append_json_string(out, core::to_string(c.regime_type));
  out += ",\"confidence\":";
  append_json_number(out, c.confidence);
  out += ",\"previous_duration_candles\":";
  out += std::to_string(c.duration_candles);
  out += ",\"metrics\":{\"trend_t_statistic\":";
  append_json_number(out, c.metrics.trend_t_statistic);
  out += ",\"efficiency_ratio\":";
  append_json_number(out, c.metrics.efficiency_ratio);
  out += ",\"volatility_ratio\":";
  append_json_number(out, c.metrics.volatility_ratio);
  out += ",\"volume_ratio\":";
  append_json_number(out, c.metrics.volume_ratio);
  out += ",\"return_autocorrelation\":";
  append_json_number(out, c.metrics.return_autocorrelation);
  out += ",\"range_ratio\":";
  append_json_number(out, c.metrics.range_ratio);
  out += "}}";
  return out;
}

}  // namespace alphapulse::bus
