#include "alerts/webhook.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <ctime>

#include "naba/error.h"

namespace naba::alerts {
namespace {

constexpr std::size_t kBodyKept = 200;  // of a refusal, for alert list

struct Answer {
  std::string body;
  double retry_after = -1;
};

std::size_t keep_body(char* data, std::size_t size, std::size_t n, void* answer) {
  auto& body = static_cast<Answer*>(answer)->body;
  body.append(data, std::min(size * n, kBodyKept - std::min(kBodyKept, body.size())));
  return size * n;
}

// Retry-After: delay-seconds or an HTTP date.
std::size_t read_retry_after(char* data, std::size_t size, std::size_t n, void* answer) {
  std::string line(data, size * n);
  std::string lower = line;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (lower.starts_with("retry-after:")) {
    std::string value = line.substr(12);
    value.erase(0, value.find_first_not_of(" \t"));
    value.erase(value.find_last_not_of(" \t\r\n") + 1);
    double& wait = static_cast<Answer*>(answer)->retry_after;
    if (!value.empty() && std::all_of(value.begin(), value.end(), ::isdigit))
      wait = std::stod(value);
    else if (std::time_t at = curl_getdate(value.c_str(), nullptr); at > 0)
      wait = std::max<double>(0, static_cast<double>(at - std::time(nullptr)));
  }
  return size * n;
}

std::string printable(std::string text) {  // the body's start goes to terminals and logs
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  return text;
}

}  // namespace

WebhookClient::WebhookClient() : curl_(curl_easy_init()) {
  if (!curl_) throw Error(Error::Code::io, "cannot start libcurl for webhooks");
}

WebhookClient::~WebhookClient() {
  curl_easy_cleanup(static_cast<CURL*>(curl_));
}

PostResult WebhookClient::post(const std::string& url, const std::string& body,
                               const std::vector<std::string>& headers, double timeout_seconds) {
  CURL* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);  // keeps the open connection
  curl_slist* list = curl_slist_append(nullptr, "Content-Type: application/json");
  list = curl_slist_append(list, "Expect:");  // no 100-continue round trip
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  Answer answer;
  char error[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_seconds * 1000));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, keep_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, read_retry_after);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &answer);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "naba-alerts");
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(list);
  PostResult out;
  if (rc != CURLE_OK) {
    out.detail = *error ? error : curl_easy_strerror(rc);
    return out;  // refused, timed out, reset: retry
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  out.detail = "HTTP " + std::to_string(status);
  if (!answer.body.empty()) out.detail += ": " + printable(answer.body);
  if (status >= 200 && status < 300)
    out.kind = PostResult::Kind::delivered;
  else if (status >= 500 || status == 408 || status == 429)
    out.retry_after = answer.retry_after;  // Kind::retry
  else
    out.kind = PostResult::Kind::refused;
  return out;
}

bool is_webhook_url(const std::string& url) {
  for (const char* scheme : {"http://", "https://"})
    if (url.starts_with(scheme) && url.size() > std::string_view(scheme).size() &&
        url.find_first_of(" \t\r\n") == std::string::npos)
      return true;
  return false;
}

}  // namespace naba::alerts
