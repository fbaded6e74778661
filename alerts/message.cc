#include "alerts/message.h"

#include <openssl/rand.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <ctime>

#include "alerts/signature.h"
#include "naba/search.h"

namespace naba::alerts {
namespace {

using Json = nlohmann::ordered_json;  // keys in the order written

// Scores with six decimals, as naba search prints them.
double six_decimals(double x) {
  return std::round(x * 1e6) / 1e6;
}

// One match as naba alert run --json prints it, without the alert's name.
Json match_json(const SearchResult& r) {
  const PassageHit& p = r.passages.front();
  Json highlights = Json::array();
  for (const auto& h : p.highlights)
    highlights.push_back({codepoint_offset(p.text, h.start), codepoint_offset(p.text, h.end)});
  return {{"id", r.id},
          {"title", r.title},
          {"date", r.date},
          {"source", r.source},
          {"url", r.url},
          {"score", six_decimals(r.score)},
          {"paragraph", p.paragraph},
          {"passage", p.text},
          {"highlights", std::move(highlights)}};
}

// A few lines for chat and email: the count, then the first titles.
std::string summary(const AlertDelivery& d) {
  constexpr std::size_t kShown = 10;
  std::string out = d.alert->name + ": " + std::to_string(d.matches.size()) + " new article" +
                    (d.matches.size() == 1 ? "" : "s") + " for " + d.alert->query;
  for (std::size_t i = 0; i < d.matches.size() && i < kShown; ++i) {
    const auto& r = d.matches[i];
    out += "\n- " + r.title + " (" + (r.source.empty() ? "-" : r.source) + ", " +
           (r.date.empty() ? "-" : r.date) + ")";
    if (!r.url.empty()) out += " " + r.url;
  }
  if (d.matches.size() > kShown)
    out += "\n… and " + std::to_string(d.matches.size() - kShown) + " more";
  return out;
}

std::string dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);  // invalid UTF-8 becomes U+FFFD
}

// The alert as created: a removed and re-added alert of the same name is new to receivers.
std::string key_prefix(const Alert& a) {
  return a.name + '\n' + a.created + '\n';
}

}  // namespace

std::vector<Message> messages_for(const AlertDelivery& d, const std::string& run_id) {
  const Alert& a = *d.alert;
  Json head = {
      {"alert", a.name}, {"query", a.query}, {"run", run_id}, {"digest", a.channel.digest}};
  std::vector<Message> out;
  if (a.channel.digest) {
    Json body = head, matches = Json::array();
    std::string ids;
    Message m;
    for (std::size_t i = 0; i < d.matches.size(); ++i) {
      matches.push_back(match_json(d.matches[i]));
      ids += d.matches[i].id + '\n';
      m.matches.push_back(i);
    }
    body["summary"] = summary(d);
    body["matches"] = std::move(matches);
    m.body = dump(body);
    m.idempotency_key = "digest-" + sha256_hex(key_prefix(a) + ids).substr(0, 40);
    out.push_back(std::move(m));
    return out;
  }
  for (std::size_t i = 0; i < d.matches.size(); ++i) {
    Json body = head;
    body["matches"] = Json::array({match_json(d.matches[i])});
    out.push_back(
        {dump(body), "match-" + sha256_hex(key_prefix(a) + d.matches[i].id).substr(0, 40), {i}});
  }
  return out;
}

std::string new_run_id() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
  unsigned char bytes[4] = {};
  RAND_bytes(bytes, sizeof bytes);  // a collision only makes two run ids alike
  std::string id = std::string(stamp) + '-';
  for (unsigned char b : bytes) id += "0123456789abcdef"[b >> 4], id += "0123456789abcdef"[b & 15];
  return id;
}

}  // namespace naba::alerts
