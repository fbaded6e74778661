// One HTTP POST of an alert message through libcurl, and what its answer
// means for a retry.
#pragma once

#include <string>
#include <vector>

namespace naba::alerts {

struct PostResult {
  enum class Kind {
    delivered,  ///< 2xx
    retry,      ///< refused, timed out, 5xx, 408 or 429: try again later
    refused,    ///< another 4xx (or 3xx): the receiver will not take it
  };
  Kind kind = Kind::retry;
  /** What happened, e.g. "HTTP 500: start of the body" or curl's message
   *  (never a header: they carry the signature). */
  std::string detail;
  /** Seconds a 429 or 503 asked to wait (Retry-After), or -1. */
  double retry_after = -1;
};

/** A connection kept open between posts to the same receiver. */
class WebhookClient {
 public:
  WebhookClient();
  ~WebhookClient();
  WebhookClient(const WebhookClient&) = delete;
  WebhookClient& operator=(const WebhookClient&) = delete;

  /** POSTs @p body (application/json) to @p url with @p headers
   *  ("Name: value"), giving up after @p timeout_seconds. */
  PostResult post(const std::string& url, const std::string& body,
                  const std::vector<std::string>& headers, double timeout_seconds);

 private:
  void* curl_;  // CURL*, kept out of the header
};

/** True if @p url is an http:// or https:// URL with a host. */
bool is_webhook_url(const std::string& url);

}  // namespace naba::alerts
