// store/sqlite_db: thin RAII over the SQLite C API: a connection (Database) and a prepared
// statement (Statement) with typed binds and column reads. Values only ever reach SQL as
// bound parameters; the only SQL text executed directly (exec) is constant schema and
// transaction control. Errors come back as store::Error with SQLite's code and message.
// Not thread-safe: one thread uses a Database and its statements at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "store/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace alphapulse::store {

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  bool valid() const { return stmt_ != nullptr; }

  // Parameters are 1-based, as in SQLite. Text is copied (SQLITE_TRANSIENT) so the caller's
  // buffer need not outlive the call. A NaN double is bound as NULL.
  void bind(int index, double value);
  void bind(int index, std::int64_t value);
  void bind(int index, bool value);
  void bind(int index, std::string_view text);
  // Without this a string literal would convert to bool, not to string_view.
  void bind(int index, const char* text) { bind(index, std::string_view(text)); }
  void bind_null(int index);

  // Steps once: true when a row is available, false when done; Error on failure.
  Result<bool> step();
  // Steps to completion (for statements that return no rows), then resets.
  Status run();
  // Resets for reuse and clears the bindings.
  void reset();

  // Columns are 0-based. NULL reads as NaN / 0 / "".
  double column_double(int index) const;
  std::int64_t column_int64(int index) const;
  std::string_view column_text(int index) const;
  bool column_is_null(int index) const;

  // The statement's SQL text, for error messages.
  std::string_view sql() const;

 private:
  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
};

class Database {
 public:
  // Opens (creating if needed) the file at `path`. The error names the path and SQLite's
  // message. ":memory:" opens a private in-memory database.
  static Result<Database> open(const std::string& path);

  Database() = default;
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  bool is_open() const { return db_ != nullptr; }
  const std::string& path() const { return path_; }

  // Runs constant SQL (schema, pragmas, transaction control); may hold several statements.
  Status exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);

  // True while a transaction is open on this connection.
  bool in_transaction() const;
  // The error for the last failed call on this connection, prefixed by `what`.
  Error last_error(std::string_view what) const;
  std::int64_t changes() const;
  // Statements currently prepared on this connection (tests check they are reused).
  std::size_t prepared_statement_count() const;

 private:
  explicit Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace alphapulse::store
