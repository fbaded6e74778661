// Delivering an alert's new matches to its webhook or command, with retries;
// what is not delivered stays pending (docs/alerts.md).
#pragma once

#include <functional>
#include <string>
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

/** Sends @p delivery's messages to its alert's channel (webhook or exec),
 *  signed with @p secret, retrying per @p retry; stops at the first message
 *  that fails (or when @p stop says so), the rest staying pending. */
DeliveryOutcome deliver_to_channel(const AlertDelivery& delivery, const std::string& secret,
                                   const std::string& run_id, const DeliveryRetry& retry,
                                   WebhookClient& client, const std::function<bool()>& stop);

}  // namespace naba::alerts
