// store/pg_connection: see pg_connection.hpp.
#include "store/pg_connection.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "store/pg_url.hpp"

namespace alphapulse::store {
namespace {

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// SQLSTATE class 08 (connection exception) and the shutdown codes 57P01..57P03.
bool is_connection_state(std::string_view state) {
  return state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03";
}

std::string statement_name(std::string_view sql) {
  constexpr std::size_t kShown = 60;
  std::string out(sql.substr(0, kShown));
  for (char& c : out) {
    if (c == '\n') c = ' ';
  }
  if (sql.size() > kShown) out += "...";
  return out;
}

}  // namespace

void PgParams::clear() {
  buffer_.clear();
  offsets_.clear();
}

void PgParams::add(std::string_view text) {
  offsets_.push_back(static_cast<std::ptrdiff_t>(buffer_.size()));
  buffer_.append(text);
  buffer_.push_back('\0');
}

void PgParams::add(std::int64_t value) {
  char text[24];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  add(std::string_view(text, static_cast<std::size_t>(end - text)));
}

void PgParams::add(bool value) {
  add(std::string_view(value ? "t" : "f"));
}

void PgParams::add_double(double value) {
  if (std::isnan(value)) return add_null();
  if (std::isinf(value)) return add(std::string_view(value > 0 ? "Infinity" : "-Infinity"));
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;  // shortest round trip
  add(std::string_view(text, static_cast<std::size_t>(end - text)));
}

void PgParams::add_null() {
  offsets_.push_back(-1);
}

const std::vector<const char*>& PgParams::pointers() const {
  pointers_.clear();
  for (std::ptrdiff_t offset : offsets_) {
    pointers_.push_back(offset < 0 ? nullptr : buffer_.data() + offset);
  }
  return pointers_;
}

std::string_view PgResult::text(int row, int column) const {
  return {PQgetvalue(result_.get(), row, column),
          static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
}

std::size_t PgResult::affected() const {
  const char* count = PQcmdTuples(result_.get());
  return count && *count ? static_cast<std::size_t>(std::strtoull(count, nullptr, 10)) : 0;
}

Result<PgConnection> PgConnection::connect(const std::string& url, int connect_timeout_seconds) {
  const std::string redacted = redact_postgres_url(url);
  if (!is_postgres_url(url)) {
    return Error{0, "not a PostgreSQL URL (expected postgresql://...): " + redacted};
  }
  const std::string timeout = std::to_string(connect_timeout_seconds);
  // connect_timeout first: the URL's own settings (expanded from dbname) override it.
  const char* keywords[] = {"connect_timeout", "dbname", nullptr};
  const char* values[] = {timeout.c_str(), url.c_str(), nullptr};
  std::unique_ptr<PGconn, Finish> conn(PQconnectdbParams(keywords, values, 1));
  if (!conn) return Error{0, "cannot connect to PostgreSQL " + redacted + ": out of memory"};
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return Error{0,
                 scrub_password("cannot connect to PostgreSQL at " + describe_postgres_url(url) +
                                    " (" + redacted + "): " + trimmed(PQerrorMessage(conn.get())),
                                url),
                 true};
  }
  PgConnection connection(std::move(conn), url);
  connection.redacted_url_ = redacted;
  if (auto s = connection.set_session(); !s) return s.error();
  return connection;
}

Status PgConnection::set_session() {
  // Shortest exact float text on PostgreSQL 12+, 17 significant digits before: both read
  // back bit-exact. Notices (e.g. "relation already exists, skipping") are not printed.
  PQsetNoticeProcessor(
      conn_.get(), [](void*, const char*) {}, nullptr);
  PGresult* r = PQexec(conn_.get(), "SET extra_float_digits = 3");
  if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
    Error e = error_of(r, "SET extra_float_digits");
    PQclear(r);
    return e;
  }
  PQclear(r);
  return {};
}

Status PgConnection::ensure_connected() {
  if (PQstatus(conn_.get()) == CONNECTION_OK) return {};
  PQreset(conn_.get());
  if (PQstatus(conn_.get()) != CONNECTION_OK) {
    return Error{
        0,
        scrub_password("connection to PostgreSQL " + redacted_url_ +
                           " lost; reconnecting failed: " + trimmed(PQerrorMessage(conn_.get())),
                       url_),
        true};
  }
  return set_session();
}

Error PgConnection::error_of(const PGresult* result, std::string_view sql) {
  std::string message = result ? PQresultErrorMessage(result) : "";
  if (message.empty()) message = PQerrorMessage(conn_.get());
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const bool lost =
      PQstatus(conn_.get()) != CONNECTION_OK || !result || (state && is_connection_state(state));
  return Error{0,
               scrub_password("PostgreSQL " + redacted_url_ + ": " + statement_name(sql) + ": " +
                                  trimmed(message),
                              url_),
               lost};
}

Result<PgResult> PgConnection::exec(std::string_view sql) {
  return exec(sql, PgParams());
}

Result<PgResult> PgConnection::exec(std::string_view sql, const PgParams& params) {
  if (auto s = ensure_connected(); !s) return s.error();
  const std::string text(sql);
  const auto& values = params.pointers();
  PGresult* r = PQexecParams(conn_.get(), text.c_str(), static_cast<int>(values.size()), nullptr,
                             values.data(), nullptr, nullptr, 0);
  const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    Error e = error_of(r, sql);
    PQclear(r);
    return e;
  }
  return PgResult(r);
}

Status PgConnection::exec_script(const std::string& sql, std::string_view what) {
  if (auto s = ensure_connected(); !s) return s.error();
  PGresult* r = PQexec(conn_.get(), sql.c_str());
  const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    Error e = error_of(r, what);
    PQclear(r);
    return e;
  }
  PQclear(r);
  return {};
}

bool PgConnection::in_transaction() const {
  const PGTransactionStatusType t = PQtransactionStatus(conn_.get());
  return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

}  // namespace alphapulse::store
