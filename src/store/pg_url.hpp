// store/pg_url: what the PostgreSQL backend says about a database URL without ever saying
// its password: the redacted URL (postgresql://user:***@host:port/db, ?password=*** too) and
// a "host H port P database D user U" description for connection errors. libpq parses the
// URL (PQconninfoParse), so every form libpq accepts is described the way libpq reads it.
#pragma once

#include <string>
#include <string_view>

namespace alphapulse::store {

// True for postgresql://... and postgres://... (the two URI schemes libpq accepts).
bool is_postgres_url(std::string_view url);

// The URL with the password (user:PASSWORD@ and password=PASSWORD) replaced by "***".
std::string redact_postgres_url(std::string_view url);

// "host 127.0.0.1 port 5432 database alphapulse user engine" (libpq's defaults filled in
// where the URL names none), or libpq's parse error prefixed with "malformed URL: ".
std::string describe_postgres_url(const std::string& url);

// `text` with every occurrence of the URL's password replaced by "***" (error messages
// that quote what they were given).
std::string scrub_password(std::string text, const std::string& url);

}  // namespace alphapulse::store
