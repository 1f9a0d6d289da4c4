// store/local_outbox: see local_outbox.hpp.
#include "store/local_outbox.hpp"

#include <unistd.h>

#include <chrono>

namespace alphapulse::store {
namespace {

constexpr std::string_view kInsert =
    "INSERT INTO outbox (destination, kind, signal_id, symbol, timeframe, time_ms, outcome, "
    "run_id, "
    "receive_ns, enqueued_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr std::string_view kNext =
    "SELECT seq, kind, signal_id, symbol, timeframe, time_ms, outcome, run_id, receive_ns, "
    "attempts "
    "FROM outbox WHERE destination = ?1 ORDER BY seq LIMIT ?2";
constexpr std::string_view kRemove = "DELETE FROM outbox WHERE seq = ?1";
constexpr std::string_view kFailure =
    "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE seq = ?1";
constexpr std::string_view kDeadInsert =
    "INSERT OR REPLACE INTO outbox_dead_letters (seq, destination, kind, signal_id, symbol, "
    "timeframe, "
    "time_ms, outcome, error, failed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr std::string_view kDepth = "SELECT COUNT(*) FROM outbox WHERE destination = ?1";
constexpr std::string_view kDeadCount =
    "SELECT COUNT(*) FROM outbox_dead_letters WHERE destination = ?1";

Result<std::int64_t> count(Statement& s, std::string_view destination) {
  s.bind(1, destination);
  auto row = s.step();
  if (!row) {
    s.reset();
    return row.error();
  }
  const std::int64_t n = *row ? s.column_int64(0) : 0;
  s.reset();
  return n;
}

}  // namespace

std::string_view to_string(OutboxKind kind) {
  switch (kind) {
    case OutboxKind::kSignal:
      return "signal";
    case OutboxKind::kRegimeChange:
      return "regime_change";
    case OutboxKind::kCandle:
      return "candle";
    case OutboxKind::kOutcome:
      return "outcome";
  }
  return "signal";
}

std::optional<OutboxKind> parse_outbox_kind(std::string_view text) {
  for (auto kind : {OutboxKind::kSignal, OutboxKind::kRegimeChange, OutboxKind::kCandle,
                    OutboxKind::kOutcome}) {
    if (to_string(kind) == text) return kind;
  }
  return std::nullopt;
}

std::string make_run_id() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::to_string(::getpid()) + "-" +
         std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(now).count());
}

LocalOutbox::LocalOutbox(Database& db, std::string run_id, core::Clock clock)
    : db_(&db), run_id_(std::move(run_id)), clock_(clock) {}

Result<Statement*> LocalOutbox::statement(Statement& slot, std::string_view sql) {
  if (!slot.valid()) {
    auto prepared = db_->prepare(sql);
    if (!prepared) return prepared.error();
    slot = std::move(*prepared);
  }
  return &slot;
}

template <typename Body>
Status LocalOutbox::in_transaction(Body&& body) {
  if (db_->in_transaction()) return body();
  if (auto s = db_->exec("BEGIN IMMEDIATE"); !s) return s;
  if (auto s = body(); !s) {
    (void)db_->exec("ROLLBACK");
    return s;
  }
  return db_->exec("COMMIT");
}

Status LocalOutbox::insert(std::string_view destination, OutboxKind kind,
                           std::string_view signal_id, std::string_view symbol,
                           std::optional<core::Timeframe> tf, std::optional<core::TimestampMs> time,
                           std::optional<core::SignalOutcome> outcome, std::int64_t receive_ns) {
  auto stmt = statement(insert_, kInsert);
  if (!stmt) return stmt.error();
  Statement& s = **stmt;
  s.bind(1, destination);
  s.bind(2, to_string(kind));
  if (!signal_id.empty()) s.bind(3, signal_id);
  if (!symbol.empty()) s.bind(4, symbol);
  if (tf) s.bind(5, core::to_string(*tf));
  if (time) s.bind(6, time->ms);
  if (outcome) s.bind(7, core::to_string(*outcome));
  s.bind(8, std::string_view(run_id_));
  if (receive_ns > 0) s.bind(9, receive_ns);
  s.bind(10, std::string_view(core::format_iso8601(clock_.now())));
  return s.run();
}

Status LocalOutbox::enqueue_signal(std::string_view destination, std::string_view signal_id,
                                   std::int64_t receive_ns) {
  return insert(destination, OutboxKind::kSignal, signal_id, {}, std::nullopt, std::nullopt,
                std::nullopt, receive_ns);
}

Status LocalOutbox::enqueue_regime_change(std::string_view destination, std::string_view symbol,
                                          core::Timeframe tf, core::TimestampMs candle_time,
                                          std::int64_t receive_ns) {
  return insert(destination, OutboxKind::kRegimeChange, {}, symbol, tf, candle_time, std::nullopt,
                receive_ns);
}

Status LocalOutbox::enqueue_candle(std::string_view destination, std::string_view symbol,
                                   core::Timeframe tf, core::TimestampMs open_time) {
  return insert(destination, OutboxKind::kCandle, {}, symbol, tf, open_time, std::nullopt, 0);
}

Status LocalOutbox::enqueue_outcome(std::string_view destination, std::string_view signal_id,
                                    core::SignalOutcome outcome, core::TimestampMs decided_at) {
  return insert(destination, OutboxKind::kOutcome, signal_id, {}, std::nullopt, decided_at, outcome,
                0);
}

Result<std::vector<OutboxEntry>> LocalOutbox::next_batch(std::string_view destination,
                                                         std::size_t limit) {
  auto stmt = statement(next_, kNext);
  if (!stmt) return stmt.error();
  Statement& s = **stmt;
  s.bind(1, destination);
  s.bind(2, static_cast<std::int64_t>(limit));
  std::vector<OutboxEntry> out;
  for (;;) {
    auto row = s.step();
    if (!row) {
      s.reset();
      return row.error();
    }
    if (!*row) break;
    OutboxEntry e;
    e.seq = s.column_int64(0);
    const auto kind = parse_outbox_kind(s.column_text(1));
    if (!kind) {
      const std::string bad(s.column_text(1));
      s.reset();
      return Error{0, "outbox row " + std::to_string(e.seq) + ": unknown kind '" + bad + "'"};
    }
    e.kind = *kind;
    e.signal_id = std::string(s.column_text(2));
    e.symbol.assign(s.column_text(3));
    if (!s.column_is_null(4)) {
      const auto tf = core::parse_timeframe(s.column_text(4));
      if (!tf) {
        const std::string bad(s.column_text(4));
        s.reset();
        return Error{0,
                     "outbox row " + std::to_string(e.seq) + ": unknown timeframe '" + bad + "'"};
      }
      e.timeframe = *tf;
    }
    e.time = {s.column_int64(5)};
    if (!s.column_is_null(6)) {
      const auto outcome = core::parse_signal_outcome(s.column_text(6));
      if (!outcome) {
        const std::string bad(s.column_text(6));
        s.reset();
        return Error{0, "outbox row " + std::to_string(e.seq) + ": unknown outcome '" + bad + "'"};
      }
      e.outcome = *outcome;
    }
    e.run_id = std::string(s.column_text(7));
    e.receive_ns = s.column_int64(8);
    e.attempts = static_cast<int>(s.column_int64(9));
    out.push_back(std::move(e));
  }
  s.reset();
  return out;
}

Status LocalOutbox::remove(std::span<const std::int64_t> seqs) {
  if (seqs.empty()) return {};
  return in_transaction([&]() -> Status {
    auto stmt = statement(remove_, kRemove);
    if (!stmt) return stmt.error();
    for (const std::int64_t seq : seqs) {
      (*stmt)->bind(1, seq);
      if (auto st = (*stmt)->run(); !st) return st;
    }
    return {};
  });
}

Status LocalOutbox::record_failure(std::span<const std::int64_t> seqs, std::string_view error) {
  if (seqs.empty()) return {};
  return in_transaction([&]() -> Status {
    auto stmt = statement(failure_, kFailure);
    if (!stmt) return stmt.error();
    for (const std::int64_t seq : seqs) {
      (*stmt)->bind(1, seq);
      (*stmt)->bind(2, error);
      if (auto st = (*stmt)->run(); !st) return st;
    }
    return {};
  });
}

Status LocalOutbox::dead_letter(const OutboxEntry& e, std::string_view destination,
                                std::string_view error) {
  return in_transaction([&]() -> Status {
    auto ins = statement(dead_insert_, kDeadInsert);
    if (!ins) return ins.error();
    Statement& s = **ins;
    s.bind(1, e.seq);
    s.bind(2, destination);
    s.bind(3, to_string(e.kind));
    if (!e.signal_id.empty()) s.bind(4, std::string_view(e.signal_id));
    if (!e.symbol.empty()) s.bind(5, e.symbol.view());
    s.bind(6, core::to_string(e.timeframe));
    s.bind(7, e.time.ms);
    if (e.kind == OutboxKind::kOutcome) s.bind(8, core::to_string(e.outcome));
    s.bind(9, error);
    s.bind(10, std::string_view(core::format_iso8601(clock_.now())));
    if (auto st = s.run(); !st) return st;
    auto rm = statement(remove_, kRemove);
    if (!rm) return rm.error();
    (*rm)->bind(1, e.seq);
    return (*rm)->run();
  });
}

Result<std::int64_t> LocalOutbox::depth(std::string_view destination) {
  auto stmt = statement(depth_, kDepth);
  if (!stmt) return stmt.error();
  return count(**stmt, destination);
}

Result<std::int64_t> LocalOutbox::dead_letters(std::string_view destination) {
  auto stmt = statement(dead_count_, kDeadCount);
  if (!stmt) return stmt.error();
  return count(**stmt, destination);
}

}  // namespace alphapulse::store
