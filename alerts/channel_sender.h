// Deliveries to webhooks and commands on threads of their own, so that a run
// goes on searching and writing the next alerts while receivers answer, and
// one message is built while another is on its way (docs/alerts.md,
// "Delivery to a webhook"). An alert's messages are sent in order, by one
// thread, and commands run one at a time; the caller records each delivery
// once its outcome is back.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "alerts/delivery.h"
#include "naba/alerts.h"

namespace naba::alerts {

class ChannelSender {
 public:
  struct Sent {
    std::size_t ticket;  // the caller's, to find what it kept of the delivery
    AlertDelivery delivery;
    DeliveryOutcome outcome;
  };

  /** @p stop ends the deliveries early (the rest stay pending), as in
   *  deliver_to_channel. */
  ChannelSender(const std::string& run_id, const DeliveryRetry& retry, std::function<bool()> stop);
  /** Abandons what is queued (it stays pending) and waits for the messages
   *  in flight. */
  ~ChannelSender();
  ChannelSender(const ChannelSender&) = delete;
  ChannelSender& operator=(const ChannelSender&) = delete;

  /** Queues @p delivery, signed with @p secret: call it when not full() (the
   *  caller records what was delivered while it waits for room). */
  void send(std::size_t ticket, AlertDelivery delivery, std::string secret);
  /** Enough is queued to keep the threads busy. */
  bool full();
  /** Deliveries queued, in flight or done and not taken. */
  std::size_t outstanding();
  /** The deliveries done since the last call, waiting up to @p wait for one
   *  while others are queued or in flight; rethrows a failure of a thread. */
  std::vector<Sent> take_done(std::chrono::milliseconds wait = {});

 private:
  struct Job {
    std::size_t ticket;
    AlertDelivery delivery;
    std::string secret;
  };
  void work();

  const std::string run_id_;
  const DeliveryRetry retry_;
  const std::function<bool()> stop_;
  RetryAfter retry_after_;  // a receiver's 429 pauses every thread's posts to it
  std::mutex mutex_;
  std::mutex commands_;  // held while an --exec command runs
  std::condition_variable changed_;
  std::deque<Job> queued_;  // guarded by mutex_, as below
  std::vector<Sent> done_;
  std::size_t in_flight_ = 0;
  bool abandoned_ = false;
  std::exception_ptr failure_;
  std::vector<std::thread> threads_;  // last: started once the rest is made
};

}  // namespace naba::alerts
