// Delivering an alert's new matches to its webhook or command, with retries;
// what is not delivered stays pending (docs/alerts.md).
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "alerts/webhook.h"
#include "naba/alerts.h"

namespace naba::alerts {

struct DeliveryOutcome {
  /** Per match of the delivery: whether a receiver took it. */
  std::vector<bool> delivered;
  /** Why the rest were not (empty if all were). */
  std::string failure;
  /** The receiver refused (4xx): the alert is failing until fixed. */
  bool refused = false;
};

/** When each receiver (by URL) may be posted to again, after it answered
 *  with Retry-After: shared by the threads that post to it. */
class RetryAfter {
 public:
  using Clock = std::chrono::steady_clock;
  void pause(const std::string& url, Clock::time_point until);
  Clock::time_point until(const std::string& url);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, Clock::time_point> until_;
};

/** Sends @p delivery's messages to its alert's channel (webhook or exec),
 *  signed with @p secret, retrying per @p retry and waiting as @p pauses
 *  say; stops at the first message that fails (or when @p stop says so), the
 *  rest staying pending. */
DeliveryOutcome deliver_to_channel(const AlertDelivery& delivery, const std::string& secret,
                                   const std::string& run_id, const DeliveryRetry& retry,
                                   WebhookClient& client, const std::function<bool()>& stop,
                                   RetryAfter& pauses);

}  // namespace naba::alerts
