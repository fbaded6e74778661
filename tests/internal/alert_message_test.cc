// Alert messages (alerts/message, alerts/signature): the HMAC is the standard
// one, idempotency keys are stable per (alert, article) and per digest
// content, and bodies carry what docs/alerts.md says.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "alerts/message.h"
#include "alerts/signature.h"
#include "alerts/webhook.h"
#include "naba/alerts.h"

namespace {

naba::SearchResult match(const std::string& id) {
  naba::SearchResult r;
  r.id = id;
  r.title = "عنوان " + id;
  r.date = "2018-02-13";
  r.source = "BBC";
  r.url = "https://example.org/" + id;
  naba::PassageHit p;
  p.text = "في مدينة الرقة";
  p.highlights = {{static_cast<std::size_t>(p.text.find("الرقة")), p.text.size()}};
  r.passages.push_back(p);
  return r;
}

naba::Alert alert(bool digest) {
  naba::Alert a;
  a.name = "raqqa";
  a.query = "الرقة";
  a.created = "2026-12-05T12:00:00Z";
  a.channel.digest = digest;
  return a;
}

}  // namespace

TEST_CASE("HMAC-SHA256 is RFC 4231's (test case 2), SHA-256 the standard one") {
  CHECK(naba::alerts::hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(naba::alerts::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::string a = naba::alerts::new_secret(), b = naba::alerts::new_secret();
  CHECK(a.size() == 64);
  CHECK(a != b);
}

TEST_CASE("one message per match: keys per (alert, article), stable across runs") {
  naba::Alert a = alert(false);
  naba::AlertDelivery d{&a, {match("x1"), match("x2")}};
  auto first = naba::alerts::messages_for(d, "run-1");
  auto again = naba::alerts::messages_for(d, "run-2");
  REQUIRE(first.size() == 2);
  CHECK(first[0].idempotency_key != first[1].idempotency_key);
  CHECK(first[0].idempotency_key == again[0].idempotency_key);
  CHECK(first[0].idempotency_key.starts_with("match-"));
  auto body = nlohmann::json::parse(first[1].body);
  CHECK(body["alert"] == "raqqa");
  CHECK(body["run"] == "run-1");
  CHECK(body["digest"] == false);
  REQUIRE(body["matches"].size() == 1);
  CHECK(body["matches"][0]["id"] == "x2");
  CHECK(body["matches"][0]["highlights"][0][0] == 9);  // code points, not bytes
  CHECK(!body.contains("summary"));
  naba::Alert renewed = a;  // removed and saved again: new to receivers
  renewed.created = "2026-12-06T12:00:00Z";
  naba::AlertDelivery d2{&renewed, {match("x1")}};
  CHECK(naba::alerts::messages_for(d2, "run-1")[0].idempotency_key != first[0].idempotency_key);
}

TEST_CASE("a digest: one message, a summary, a key per content") {
  naba::Alert a = alert(true);
  naba::AlertDelivery d{&a, {match("x1"), match("x2")}};
  auto m = naba::alerts::messages_for(d, "run-1");
  REQUIRE(m.size() == 1);
  CHECK(m[0].matches.size() == 2);
  auto body = nlohmann::json::parse(m[0].body);
  CHECK(body["matches"].size() == 2);
  CHECK(body["summary"].get<std::string>().starts_with("raqqa: 2 new articles for الرقة"));
  CHECK(m[0].idempotency_key == naba::alerts::messages_for(d, "run-9")[0].idempotency_key);
  naba::AlertDelivery more{&a, {match("x1"), match("x2"), match("x3")}};
  CHECK(naba::alerts::messages_for(more, "run-1")[0].idempotency_key != m[0].idempotency_key);
}

TEST_CASE("webhook URLs: http and https only") {
  CHECK(naba::alerts::is_webhook_url("http://127.0.0.1:8080/hook"));
  CHECK(naba::alerts::is_webhook_url("https://example.org/x?a=1"));
  CHECK(!naba::alerts::is_webhook_url("file:///etc/passwd"));
  CHECK(!naba::alerts::is_webhook_url("ftp://example.org/"));
  CHECK(!naba::alerts::is_webhook_url("http://"));
  CHECK(!naba::alerts::is_webhook_url("http://a b/"));
  CHECK(!naba::alerts::is_webhook_url("example.org"));
}
