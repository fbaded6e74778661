#include "alerts/channel_sender.h"

#include <utility>

#include "alerts/webhook.h"

namespace naba::alerts {
namespace {

// Enough to keep the senders busy; more would only hold results in memory.
constexpr std::size_t kMostQueued = 8;
// Two connections: while a receiver reads one message, the next is built
// (its JSON and signature are most of a sender's work).
constexpr std::size_t kThreads = 2;

}  // namespace

ChannelSender::ChannelSender(const std::string& run_id, const DeliveryRetry& retry,
                             std::function<bool()> stop)
    : run_id_(run_id), retry_(retry), stop_(std::move(stop)) {
  for (std::size_t t = 0; t < kThreads; ++t) threads_.emplace_back([this] { work(); });
}

ChannelSender::~ChannelSender() {
  {
    std::lock_guard lock(mutex_);
    abandoned_ = true;
    changed_.notify_all();
  }
  for (auto& t : threads_) t.join();
}

void ChannelSender::send(std::size_t ticket, AlertDelivery delivery, std::string secret) {
  std::lock_guard lock(mutex_);
  if (failure_) std::rethrow_exception(failure_);
  queued_.push_back({ticket, std::move(delivery), std::move(secret)});
  changed_.notify_all();
}

bool ChannelSender::full() {
  std::lock_guard lock(mutex_);
  return queued_.size() >= kMostQueued;
}

std::size_t ChannelSender::outstanding() {
  std::lock_guard lock(mutex_);
  return queued_.size() + in_flight_ + done_.size();
}

std::vector<ChannelSender::Sent> ChannelSender::take_done(std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, wait, [&] {
    return !done_.empty() || (queued_.empty() && in_flight_ == 0) || failure_;
  });
  if (failure_) std::rethrow_exception(failure_);
  return std::exchange(done_, {});
}

void ChannelSender::work() {
  WebhookClient client;  // one connection for the webhooks this thread sends to
  auto stop = [this] {
    {
      std::lock_guard lock(mutex_);
      if (abandoned_) return true;
    }
    return stop_ && stop_();
  };
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return !queued_.empty() || abandoned_; });
    if (abandoned_ || failure_) return;
    Job job = std::move(queued_.front());
    queued_.pop_front();
    ++in_flight_;
    changed_.notify_all();  // room to queue
    lock.unlock();
    try {
      // Commands run one at a time, as before the threads: two commands
      // appending to one file would interleave their messages.
      std::unique_lock one_command(commands_, std::defer_lock);
      if (job.delivery.alert->channel.webhook.empty()) one_command.lock();
      DeliveryOutcome outcome =
          deliver_to_channel(job.delivery, job.secret, run_id_, retry_, client, stop, retry_after_);
      lock.lock();
      done_.push_back({job.ticket, std::move(job.delivery), std::move(outcome)});
    } catch (...) {
      lock.lock();
      failure_ = std::current_exception();
    }
    --in_flight_;
    changed_.notify_all();
  }
}

}  // namespace naba::alerts
