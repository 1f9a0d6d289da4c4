// store/local_outbox: the durable outbox of the local SQLite journal (schema and rules in
// sql/migrations/0003_local_outbox.sqlite.sql). The sink thread appends rows inside the
// same transaction that stores the items locally (transactional outbox: an item is either
// stored AND queued for every remote destination, or neither); one relay per destination
// reads its rows in seq order, delivers them and removes them once acknowledged. Rows name
// their item by natural key; SqliteStore's find_* reads the item back.
//
// Works on a connection it does not own (SqliteStore::database()); one thread per
// connection, as everything on SQLite here. Not on the hot path.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/signal.hpp"
#include "core/symbol.hpp"
#include "core/time.hpp"
#include "core/timeframe.hpp"
#include "store/result.hpp"
#include "store/sqlite_db.hpp"

namespace alphapulse::store {

enum class OutboxKind : std::uint8_t { kSignal, kRegimeChange, kCandle, kOutcome };
std::string_view to_string(OutboxKind kind);  // "signal" | "regime_change" | "candle" | "outcome"
std::optional<OutboxKind> parse_outbox_kind(std::string_view text);

struct OutboxEntry {
  std::int64_t seq = 0;
  OutboxKind kind = OutboxKind::kSignal;
  std::string signal_id;  // kSignal, kOutcome
  core::Symbol symbol;    // kRegimeChange, kCandle
  core::Timeframe timeframe = core::Timeframe::k15m;
  core::TimestampMs time;  // regime: candle time; candle: open time; outcome: decided at
  core::SignalOutcome outcome = core::SignalOutcome::kPending;  // kOutcome
  std::string run_id;
  std::int64_t receive_ns = 0;  // steady clock of run_id's process; 0 = unknown
  int attempts = 0;
};

class LocalOutbox {
 public:
  // `db` must be migrated (0003) and outlive the outbox. `run_id` tags rows enqueued here.
  LocalOutbox(Database& db, std::string run_id, core::Clock clock = core::Clock::system());

  // Appends one row; joins the transaction open on the connection, if any.
  Status enqueue_signal(std::string_view destination, std::string_view signal_id,
                        std::int64_t receive_ns);
  Status enqueue_regime_change(std::string_view destination, std::string_view symbol,
                               core::Timeframe tf, core::TimestampMs candle_time,
                               std::int64_t receive_ns);
  Status enqueue_candle(std::string_view destination, std::string_view symbol, core::Timeframe tf,
                        core::TimestampMs open_time);
  Status enqueue_outcome(std::string_view destination, std::string_view signal_id,
                         core::SignalOutcome outcome, core::TimestampMs decided_at);

  // The oldest `limit` rows of `destination`, in seq order.
  Result<std::vector<OutboxEntry>> next_batch(std::string_view destination, std::size_t limit);
  // Deletes delivered rows (one transaction).
  Status remove(std::span<const std::int64_t> seqs);
  // A failed delivery attempt: attempts + 1 and the error, for operators.
  Status record_failure(std::span<const std::int64_t> seqs, std::string_view error);
  // Moves a row the destination refused permanently to outbox_dead_letters.
  Status dead_letter(const OutboxEntry& entry, std::string_view destination,
                     std::string_view error);

  Result<std::int64_t> depth(std::string_view destination);
  Result<std::int64_t> dead_letters(std::string_view destination);

  const std::string& run_id() const { return run_id_; }

 private:
  Status insert(std::string_view destination, OutboxKind kind, std::string_view signal_id,
                std::string_view symbol, std::optional<core::Timeframe> tf,
                std::optional<core::TimestampMs> time, std::optional<core::SignalOutcome> outcome,
                std::int64_t receive_ns);
  Result<Statement*> statement(Statement& slot, std::string_view sql);
  template <typename Body>
  Status in_transaction(Body&& body);

  Database* db_;
  std::string run_id_;
  core::Clock clock_;
  Statement insert_, next_, remove_, failure_, dead_insert_, depth_, dead_count_;
};

// A fresh run id: the process id and the start time, unique enough to tell this process's
// rows (whose receive_ns it can compare to its own steady clock) from older runs' rows.
std::string make_run_id();

}  // namespace alphapulse::store
