#include "alerts/delivery.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "alerts/command.h"
#include "alerts/message.h"
#include "alerts/signature.h"

namespace naba::alerts {
namespace {

using Clock = std::chrono::steady_clock;
using Seconds = std::chrono::duration<double>;

// Sleeps @p seconds in short slices; false if @p stop asked to end first.
bool wait(double seconds, const std::function<bool()>& stop) {
  auto until = Clock::now() + Seconds(seconds);
  while (Clock::now() < until) {
    if (stop && stop()) return false;
    std::this_thread::sleep_for(
        std::min<Clock::duration>(std::chrono::duration_cast<Clock::duration>(until - Clock::now()),
                                  std::chrono::milliseconds(50)));
  }
  return true;
}

// One message to the webhook, retried with exponential backoff (or as
// Retry-After says) while attempts and time remain.
PostResult post_with_retries(const std::string& url, const Message& m,
                             const std::vector<std::string>& headers, const DeliveryRetry& retry,
                             WebhookClient& client, const std::function<bool()>& stop,
                             RetryAfter& pauses) {
  const auto give_up = Clock::now() + Seconds(retry.give_up_seconds);
  PostResult r;
  for (unsigned attempt = 1;; ++attempt) {
    // A post of another thread may have been told to wait.
    const Seconds paused = pauses.until(url) - Clock::now();
    if (paused.count() > 0 && !wait(paused.count(), stop)) break;
    r = client.post(url, m.body, headers, retry.timeout_seconds);
    if (r.retry_after > 0)
      pauses.pause(
          url, Clock::now() + std::chrono::duration_cast<Clock::duration>(Seconds(r.retry_after)));
    if (r.kind != PostResult::Kind::retry) break;
    if (attempt >= retry.attempts) {
      r.detail += " (after " + std::to_string(attempt) + " attempts)";
      break;
    }
    double pause =
        r.retry_after >= 0 ? r.retry_after : retry.backoff_seconds * std::pow(2.0, attempt - 1);
    if (Clock::now() + Seconds(pause) > give_up) {
      r.detail += " (gave up after " + std::to_string(attempt) + " attempts)";
      break;
    }
    if (!wait(pause, stop)) break;
  }
  return r;
}

}  // namespace

void RetryAfter::pause(const std::string& url, Clock::time_point until) {
  std::lock_guard lock(mutex_);
  auto& t = until_[url];
  t = std::max(t, until);
}

RetryAfter::Clock::time_point RetryAfter::until(const std::string& url) {
  std::lock_guard lock(mutex_);
  auto it = until_.find(url);
  return it == until_.end() ? Clock::time_point{} : it->second;
}

DeliveryOutcome deliver_to_channel(const AlertDelivery& d, const std::string& secret,
                                   const std::string& run_id, const DeliveryRetry& retry,
                                   WebhookClient& client, const std::function<bool()>& stop,
                                   RetryAfter& pauses) {
  const AlertChannel& channel = d.alert->channel;
  DeliveryOutcome out;
  out.delivered.assign(d.matches.size(), false);
  for (const Message& m : messages_for(d, run_id)) {
    if (stop && stop()) break;  // not a failure: the rest is pending, for the next run
    const std::string signature = "sha256=" + hmac_sha256_hex(secret, m.body);
    if (!channel.webhook.empty()) {
      PostResult r = post_with_retries(
          channel.webhook, m,
          {"Idempotency-Key: " + m.idempotency_key, "X-Naba-Signature: " + signature,
           "X-Naba-Alert: " + d.alert->name, "X-Naba-Run: " + run_id},
          retry, client, stop, pauses);
      if (r.kind != PostResult::Kind::delivered) {
        out.failure = r.detail;
        out.refused = r.kind == PostResult::Kind::refused;
        break;
      }
    } else {
      out.failure = run_command(channel.exec, m.body + "\n",
                                {{"NABA_ALERT", d.alert->name},
                                 {"NABA_RUN", run_id},
                                 {"NABA_IDEMPOTENCY_KEY", m.idempotency_key},
                                 {"NABA_SIGNATURE", signature}},
                                retry.timeout_seconds);
      if (!out.failure.empty()) {
        out.failure = "command: " + out.failure;
        break;
      }
    }
    for (std::size_t i : m.matches) out.delivered[i] = true;
  }
  return out;
}

}  // namespace naba::alerts
