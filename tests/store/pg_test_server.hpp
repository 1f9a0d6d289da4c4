// tests/store/pg_test_server: the private PostgreSQL server of the `postgres_server` CTest
// fixture (scripts/test_servers/postgres.sh), a fresh database per test, and plain libpq
// queries that check the store independently of PgStore.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

namespace alphapulse::store::test {

// DIR of the fixture's server, or empty (with a test failure explaining how to run it).
inline std::string postgres_test_dir() {
  const char* dir = std::getenv("ALPHAPULSE_TEST_POSTGRES_DIR");
  if (!dir || !*dir) {
    ADD_FAILURE() << "ALPHAPULSE_TEST_POSTGRES_DIR is not set: these tests need the private "
                     "PostgreSQL server. Run them through CTest (ctest --preset release -R "
                     "'postgres|Pg'), or start one with scripts/test_servers/postgres.sh start "
                     "DIR and set ALPHAPULSE_TEST_POSTGRES_DIR=DIR.";
    return {};
  }
  return dir;
}

inline std::string read_first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// Runs scripts/test_servers/postgres.sh `command` on the fixture's DIR.
inline int postgres_script(const std::string& command) {
  const std::string line = std::string(ALPHAPULSE_POSTGRES_SCRIPT) + " " + command + " '" +
                           postgres_test_dir() + "' >/dev/null";
  return std::system(line.c_str());
}

// One query over a plain libpq connection; the first column of the first row, or nullopt
// for no row / NULL. Fails the test on an error.
inline std::optional<std::string> query_value(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::optional<std::string> out;
  if (PQstatus(conn) != CONNECTION_OK) {
    ADD_FAILURE() << "connect: " << PQerrorMessage(conn);
  } else {
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);  // "does not exist, skipping"
    PGresult* r = PQexec(conn, sql.c_str());
    const auto status = PQresultStatus(r);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      ADD_FAILURE() << sql << ": " << PQresultErrorMessage(r);
    } else if (status == PGRES_TUPLES_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)) {
      out = PQgetvalue(r, 0, 0);
    }
    PQclear(r);
  }
  PQfinish(conn);
  return out;
}

inline long long query_count(const std::string& url, const std::string& sql) {
  auto value = query_value(url, sql);
  return value ? std::stoll(*value) : -1;
}

// A database of its own on the fixture's server, dropped at the end.
class FreshPgDatabase {
 public:
  FreshPgDatabase() {
    const std::string dir = postgres_test_dir();
    if (dir.empty()) return;
    admin_url_ = read_first_line(dir + "/url");
    if (admin_url_.empty()) {
      ADD_FAILURE() << dir << "/url is missing: did postgres_server_start run?";
      return;
    }
    static std::atomic<int> counter{0};
    name_ = "t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    (void)query_value(admin_url_, "DROP DATABASE IF EXISTS " + name_);
    (void)query_value(admin_url_, "CREATE DATABASE " + name_);
    url_ = admin_url_.substr(0, admin_url_.rfind('/') + 1) + name_;
  }
  ~FreshPgDatabase() {
    if (!name_.empty())
      (void)query_value(admin_url_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  }
  bool ok() const { return !url_.empty(); }
  const std::string& url() const { return url_; }
  // The URL with a password inserted (trust authentication ignores it): for redaction tests.
  std::string url_with_password(const std::string& password) const {
    std::string out = url_;
    const std::size_t at = out.find('@');
    out.insert(at, ":" + password);
    return out;
  }

 private:
  std::string admin_url_, name_, url_;
};

}  // namespace alphapulse::store::test
