// store/pg_url: see pg_url.hpp.
#include "store/pg_url.hpp"

#include <libpq-fe.h>

#include <memory>

namespace alphapulse::store {
namespace {

struct ConninfoFree {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};
using ConninfoOptions = std::unique_ptr<PQconninfoOption, ConninfoFree>;

std::string password_of(const std::string& url) {
  char* error = nullptr;
  ConninfoOptions options(PQconninfoParse(url.c_str(), &error));
  if (error) PQfreemem(error);
  if (!options) return {};
  for (PQconninfoOption* o = options.get(); o->keyword; ++o) {
    if (std::string_view(o->keyword) == "password" && o->val) return o->val;
  }
  return {};
}

}  // namespace

bool is_postgres_url(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

std::string redact_postgres_url(std::string_view url) {
  std::string out(url);
  // user:password@ in the authority part.
  const std::size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const std::size_t start = scheme + 3;
    const std::size_t end = out.find_first_of("/?", start);
    const std::size_t at = out.rfind('@', end == std::string::npos ? out.size() : end);
    if (at != std::string::npos && at >= start) {
      const std::size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // password=... among the query parameters.
  for (std::size_t pos = out.find("password="); pos != std::string::npos;
       pos = out.find("password=", pos + 1)) {
    if (pos > 0 && out[pos - 1] != '?' && out[pos - 1] != '&') continue;
    const std::size_t value = pos + 9;
    const std::size_t end = out.find('&', value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

std::string describe_postgres_url(const std::string& url) {
  char* error = nullptr;
  ConninfoOptions options(PQconninfoParse(url.c_str(), &error));
  if (!options) {
    std::string why = error ? error : "unparsable";
    if (error) PQfreemem(error);
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    return "malformed URL: " + scrub_password(why, url);
  }
  std::string host = "(default socket)", port = "5432", dbname, user;
  for (PQconninfoOption* o = options.get(); o->keyword; ++o) {
    const std::string_view key = o->keyword;
    if (!o->val || !*o->val) continue;
    if (key == "host" || (key == "hostaddr" && host == "(default socket)")) host = o->val;
    if (key == "port") port = o->val;
    if (key == "dbname") dbname = o->val;
    if (key == "user") user = o->val;
  }
  std::string out = "host " + host + " port " + port;
  out += " database " + (dbname.empty() ? std::string("(default: the user name)") : dbname);
  if (!user.empty()) out += " user " + user;
  return out;
}

std::string scrub_password(std::string text, const std::string& url) {
  const std::string password = password_of(url);
  if (password.empty()) return text;
  for (std::size_t pos = text.find(password); pos != std::string::npos;
       pos = text.find(password, pos + 3)) {
    text.replace(pos, password.size(), "***");
  }
  return text;
}

}  // namespace alphapulse::store
