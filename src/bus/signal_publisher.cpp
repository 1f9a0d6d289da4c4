// bus/signal_publisher: see signal_publisher.hpp.
#include "bus/signal_publisher.hpp"

#include <utility>

#include "evaluation/json_text.hpp"
#include "evaluation/signal_jsonl.hpp"

namespace alphapulse::bus {
namespace {

// One call publishes a chunk of items to one stream, each at most once.
// KEYS[1] the stream, KEYS[2..] one dedup key per item.
// ARGV[1] dedup TTL (ms), ARGV[2] stream MAXLEN (approximate), ARGV[3] channels per item c,
// ARGV[4] stream fields per item f (names and values), then per item a block of 1 + c + f:
// the message to PUBLISH, its c channels, its f stream fields.
// Per item the dedup key is checked first and set last, so an item whose XADD failed (a
// wrong-typed key) is not marked published. A script runs atomically: a repeated or
// concurrent call sees each item's effects entirely or not at all.
constexpr std::string_view kPublishOnceScript = R"lua(
local ttl, maxlen = ARGV[1], ARGV[2]
local channels, nfields = tonumber(ARGV[3]), tonumber(ARGV[4])
local block = 1 + channels + nfields
local published = 0
for item = 1, #KEYS - 1 do
  local dedup = KEYS[item + 1]
  if redis.call('EXISTS', dedup) == 0 then
    local base = 4 + (item - 1) * block
    local fields = {}
    for i = 1, nfields do fields[i] = ARGV[base + 1 + channels + i] end
    redis.call('XADD', KEYS[1], 'MAXLEN', '~', maxlen, '*', unpack(fields))
    for c = 1, channels do redis.call('PUBLISH', ARGV[base + 1 + c], ARGV[base + 1]) end
    redis.call('SET', dedup, '1', 'PX', ttl)
    published = published + 1
  end
end
return published
)lua";

// Items per script call: bounds how long one call holds the server (a few ms at most).
constexpr std::size_t kItemsPerCall = 128;

bool is_noscript(const RedisReply& reply) {
  return reply.is_error() && reply.text.compare(0, 8, "NOSCRIPT") == 0;
}

}  // namespace

SignalPublisher::SignalPublisher(RedisConnection& connection, PublisherOptions options)
    : connection_(connection), options_(std::move(options)) {
  keys_.prefix = options_.prefix;
}

void SignalPublisher::add_item(std::string_view dedup_key, std::string_view payload,
                               std::string_view channel, std::string_view stream_channel,
                               std::initializer_list<std::string_view> fields) {
  chunk_keys_.emplace_back(dedup_key);
  chunk_args_.emplace_back(payload);
  chunk_args_.emplace_back(channel);
  if (options_.per_stream_channels) chunk_args_.emplace_back(stream_channel);
  for (std::string_view f : fields) chunk_args_.emplace_back(f);
  fields_per_item_ = fields.size();
  if (chunk_keys_.size() == kItemsPerCall) end_chunk();
}

void SignalPublisher::begin_chunks(std::string_view stream, std::int64_t max_length) {
  batch_.clear();
  chunk_keys_.clear();
  chunk_args_.clear();
  chunk_stream_ = stream;
  chunk_max_length_ = max_length;
}

void SignalPublisher::end_chunk() {
  if (chunk_keys_.empty()) return;
  batch_.begin().arg("EVALSHA").arg(script_sha_);
  batch_.arg(static_cast<std::int64_t>(chunk_keys_.size() + 1)).arg(chunk_stream_);
  for (const std::string& key : chunk_keys_) batch_.arg(key);
  batch_.arg(options_.dedup_ttl.count).arg(chunk_max_length_);
  batch_.arg(std::int64_t{options_.per_stream_channels ? 2 : 1});
  batch_.arg(static_cast<std::int64_t>(fields_per_item_));
  for (const std::string& arg : chunk_args_) batch_.arg(arg);
  chunk_keys_.clear();
  chunk_args_.clear();
}

Status SignalPublisher::load_script() {
  if (!script_sha_.empty()) return {};
  auto reply = connection_.command({"SCRIPT", "LOAD", kPublishOnceScript});
  if (!reply) return reply.error();
  script_sha_ = reply->text;
  return {};
}

Result<std::size_t> SignalPublisher::run_batch(std::string_view what) {
  end_chunk();
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
    if (reply.type == RedisReply::Type::kInteger)
      published += static_cast<std::size_t>(reply.integer);
  }
  return published;
}

Result<std::size_t> SignalPublisher::publish(std::span<const core::Signal> signals) {
  if (signals.empty()) return std::size_t{0};
  if (Status s = load_script(); !s) return s.error();
  begin_chunks(keys_.signal_stream(), options_.signal_stream_max_length);
  const std::string channel = keys_.signal_channel();
  for (const core::Signal& signal : signals) {
    const std::string json = evaluation::to_jsonl(signal);
    const std::string name = stream_name(signal.symbol, signal.timeframe);
    add_item(keys_.signal_dedup(signal.signal_id.view()), json, channel, keys_.signal_channel(name),
             {"signal_id", signal.signal_id.view(), "symbol", signal.symbol.view(), "timeframe",
              core::to_string(signal.timeframe), "json", json});
  }
  return run_batch("publish signals (EVALSHA)");
}

Result<std::size_t> SignalPublisher::publish_regime_changes(
    std::span<const RegimeChangeEvent> changes) {
  if (changes.empty()) return std::size_t{0};
  if (Status s = load_script(); !s) return s.error();
  begin_chunks(keys_.regime_change_stream(), options_.regime_stream_max_length);
  const std::string channel = keys_.regime_change_channel();
  for (const RegimeChangeEvent& event : changes) {
    const std::string json = regime_change_json(event);
    const std::string name = stream_name(event.symbol, event.timeframe);
    const std::string open_ms = std::to_string(event.change.time.ms);
    add_item(keys_.regime_change_dedup(name, event.change.time.ms), json, channel,
             keys_.regime_change_channel(name),
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
