// The producer/consumer queue of the indexing pipelines (common/bounded_queue.h).
#include <doctest/doctest.h>

#include <deque>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "common/bounded_queue.h"

using naba::BoundedQueue;

TEST_CASE("bounded queue: items arrive in order; close lets the consumer take what is left") {
  BoundedQueue<int> queue(4);
  std::thread producer([&] {
    for (int i = 0; i < 100; ++i) REQUIRE(queue.push(i));
    queue.close();
  });
  std::vector<int> got;
  while (auto item = queue.pop()) got.push_back(*item);
  producer.join();
  REQUIRE(got.size() == 100);
  for (int i = 0; i < 100; ++i) CHECK(got[i] == i);
  CHECK_FALSE(queue.failure());
}

TEST_CASE("bounded queue: take_all takes whole batches, no more than the capacity") {
  BoundedQueue<int> queue(8);
  std::thread producer([&] {
    for (int i = 0; i < 1000; ++i) REQUIRE(queue.push(i));
    queue.close();
  });
  std::deque<int> batch;
  std::vector<int> got;
  while (queue.take_all(batch)) {
    CHECK(batch.size() <= 8);
    got.insert(got.end(), batch.begin(), batch.end());
  }
  producer.join();
  REQUIRE(got.size() == 1000);
  for (int i = 0; i < 1000; ++i) CHECK(got[i] == i);
}

TEST_CASE("bounded queue: half_full says when the consumer is behind") {
  BoundedQueue<int> queue(4);
  CHECK_FALSE(queue.half_full());
  REQUIRE(queue.push(1));
  CHECK_FALSE(queue.half_full());
  REQUIRE(queue.push(2));
  CHECK(queue.half_full());
  std::deque<int> batch;
  REQUIRE(queue.take_all(batch));
  CHECK_FALSE(queue.half_full());
}

TEST_CASE("bounded queue: items handed back are freed on the producer's thread") {
  BoundedQueue<std::shared_ptr<std::thread::id>> queue(2);
  std::thread::id freed_on;
  std::thread producer([&] {
    // The last owner's thread records itself when the item is freed.
    auto item = std::shared_ptr<std::thread::id>(new std::thread::id, [&](std::thread::id* p) {
      freed_on = std::this_thread::get_id(), delete p;
    });
    REQUIRE(queue.push(std::move(item)));
    // Wait until the consumer handed the item back, then push again: that frees it.
    while (freed_on == std::thread::id()) {
      REQUIRE(queue.push(nullptr));
      std::this_thread::yield();
    }
    queue.close();
  });
  const auto producer_id = producer.get_id();
  std::deque<std::shared_ptr<std::thread::id>> batch;
  while (queue.take_all(batch)) {
  }
  producer.join();
  CHECK(freed_on == producer_id);
}

TEST_CASE("bounded queue: a failure stops both sides at once") {
  SUBCASE("the consumer fails: the producer's push returns false") {
    BoundedQueue<int> queue(1);
    std::thread consumer([&] {
      REQUIRE(queue.pop() == 0);
      queue.fail(std::make_exception_ptr(std::runtime_error("write failed")));
    });
    int pushed = 0;
    while (queue.push(pushed)) ++pushed;
    consumer.join();
    CHECK(pushed <= 3);  // it stopped instead of blocking on a full queue
    REQUIRE(queue.failure());
    CHECK_THROWS_WITH(std::rethrow_exception(queue.failure()), "write failed");
  }
  SUBCASE("the producer fails: the consumer stops though items are left") {
    BoundedQueue<int> queue(4);
    REQUIRE(queue.push(1));
    REQUIRE(queue.push(2));
    queue.fail(std::make_exception_ptr(std::runtime_error("read failed")));
    queue.fail(std::make_exception_ptr(std::runtime_error("later")));  // the first one is kept
    CHECK_FALSE(queue.pop().has_value());
    std::deque<int> batch;
    CHECK_FALSE(queue.take_all(batch));
    CHECK(batch.empty());
    CHECK_THROWS_WITH(std::rethrow_exception(queue.failure()), "read failed");
  }
}
