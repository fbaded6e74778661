// A bounded queue between a producer thread and a consumer thread: the
// producer waits while it is full, the consumer while it is empty. Either
// side can stop the other: close() when the producer is done (the consumer
// still takes what is queued), fail() when a side failed (both stop at once).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>

namespace naba {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {}

  /** Waits for room and queues @p item; false (and @p item dropped) once the
   *  queue failed. Items the consumer handed back (take_all) are freed here,
   *  on the producer's thread, outside the lock. */
  bool push(T item) {
    std::deque<T> to_free;
    {
      std::unique_lock lock(mutex_);
      room_.wait(lock, [&] { return items_.size() < capacity_ || failure_; });
      if (failure_) return false;
      items_.push_back(std::move(item));
      if (items_.size() == 1) ready_.notify_one();  // the consumer may wait for it
      to_free.swap(handed_back_);
    }
    return true;
  }

  /** Waits for an item and takes it; nullopt once the queue is closed and
   *  empty, or failed. */
  std::optional<T> pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !items_.empty() || closed_ || failure_; });
    if (failure_ || items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    room_.notify_one();
    return item;
  }

  /** Hands back @p batch (the items taken last time, done with: the producer
   *  frees them), then waits for items and takes them all into it; false once
   *  the queue is closed and empty, or failed. */
  bool take_all(std::deque<T>& batch) {
    std::unique_lock lock(mutex_);
    for (auto& item : batch) handed_back_.push_back(std::move(item));
    batch.clear();
    ready_.wait(lock, [&] { return !items_.empty() || closed_ || failure_; });
    if (failure_ || items_.empty()) return false;
    batch.swap(items_);
    room_.notify_one();
    return true;
  }

  /** True if the queue is half full or more: the consumer is behind. */
  bool half_full() const {
    std::lock_guard lock(mutex_);
    return 2 * items_.size() >= capacity_;
  }

  /** The producer is done: the consumer takes what is left, then stops. */
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    ready_.notify_all();
  }

  /** Stops both sides at once; the first failure is kept. */
  void fail(std::exception_ptr failure) {
    std::lock_guard lock(mutex_);
    if (!failure_) failure_ = failure;
    ready_.notify_all();
    room_.notify_all();
  }

  /** What fail() was given first, or null. */
  std::exception_ptr failure() const {
    std::lock_guard lock(mutex_);
    return failure_;
  }

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable room_, ready_;
  std::deque<T> items_, handed_back_;
  bool closed_ = false;
  std::exception_ptr failure_;
};

}  // namespace naba
