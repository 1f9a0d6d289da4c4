// store/pg_connection: one libpq connection with the store's error rules. Every statement
// is sent with PQexecParams (values as separate text parameters, never spliced into SQL) in
// one round trip. A lost server is an Error with connection_lost (transient): the next call
// first reconnects (PQreset) with the same parameters, so a caller that retries recovers once
// the server is back. Messages name the URL redacted and never contain its password.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/result.hpp"

namespace alphapulse::store {

// Statement parameters in text form, packed into one buffer (no allocation per value once
// the buffer has grown). NULL is a distinct value.
class PgParams {
 public:
  void clear();
  void add(std::string_view text);
  void add(std::int64_t value);
  void add(bool value);
  void add_double(double value);  // shortest round-trip text (bit-exact); NaN as NULL
  void add_null();
  std::size_t size() const { return offsets_.size(); }
  // Pointers for PQexecParams, valid until the next add/clear.
  const std::vector<const char*>& pointers() const;

 private:
  std::string buffer_;
  std::vector<std::ptrdiff_t> offsets_;  // -1: NULL
  mutable std::vector<const char*> pointers_;
};

// A statement's result (text format).
class PgResult {
 public:
  explicit PgResult(PGresult* result) : result_(result) {}
  int rows() const { return PQntuples(result_.get()); }
  bool is_null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  std::string_view text(int row, int column) const;
  // Rows inserted/updated/deleted by the command (PQcmdTuples).
  std::size_t affected() const;

 private:
  struct Clear {
    void operator()(PGresult* r) const { PQclear(r); }
  };
  std::unique_ptr<PGresult, Clear> result_;
};

class PgConnection {
 public:
  // Connects to a postgresql:// or postgres:// URL. A connect_timeout in the URL wins over
  // `connect_timeout_seconds`. The error names host, port and database.
  static Result<PgConnection> connect(const std::string& url, int connect_timeout_seconds);

  // One statement with parameters $1..$n.
  Result<PgResult> exec(std::string_view sql, const PgParams& params);
  Result<PgResult> exec(std::string_view sql);
  // Several statements without parameters (migration files), as one simple query.
  Status exec_script(const std::string& sql, std::string_view what);

  // True inside BEGIN ... COMMIT/ROLLBACK (also after a failed statement in it).
  bool in_transaction() const;
  const std::string& redacted_url() const { return redacted_url_; }
  // For tests: the server process serving this connection.
  int backend_pid() const { return PQbackendPID(conn_.get()); }

 private:
  struct Finish {
    void operator()(PGconn* c) const { PQfinish(c); }
  };
  PgConnection(std::unique_ptr<PGconn, Finish> conn, std::string url)
      : conn_(std::move(conn)), url_(std::move(url)) {}

  Status ensure_connected();
  Status set_session();
  Error error_of(const PGresult* result, std::string_view sql);

  std::unique_ptr<PGconn, Finish> conn_;
  std::string url_;  // with its password: needed to reconnect; never printed
  std::string redacted_url_;
};

}  // namespace alphapulse::store
