#include "engine/slot_queue.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace orgsim::engine {

SlotQueue::SlotQueue(const SlotQueue& other) {
  for (std::size_t i = 0; i < other.size_; ++i) push_back(other[i]);
}

SlotQueue& SlotQueue::operator=(const SlotQueue& other) {
  if (this == &other) return *this;
  clear();
  for (std::size_t i = 0; i < other.size_; ++i) push_back(other[i]);
  return *this;
}

SlotQueue::SlotQueue(SlotQueue&& other) noexcept { take(other); }

SlotQueue& SlotQueue::operator=(SlotQueue&& other) noexcept {
  if (this == &other) return *this;
  release();
  take(other);
  return *this;
}

SlotQueue::~SlotQueue() { release(); }

void SlotQueue::take(SlotQueue& other) {
  if (other.on_heap()) {
    heap_ = other.heap_;
  } else {
    std::memcpy(inline_, other.inline_, sizeof(inline_));
  }
  head_ = other.head_;
  size_ = other.size_;
  capacity_ = other.capacity_;
  other.head_ = other.size_ = 0;
  other.capacity_ = kInline;
}

void SlotQueue::release() {
  if (on_heap()) delete[] heap_;
  head_ = size_ = 0;
  capacity_ = kInline;
}

void SlotQueue::grow() {
  if (capacity_ > std::numeric_limits<std::uint32_t>::max() / 2)
    throw std::length_error("a desk's queue is longer than 2^31 orders");
  const std::uint32_t capacity = capacity_ * 2;
  auto* ring = new std::int32_t[capacity];
  for (std::size_t i = 0; i < size_; ++i) ring[i] = (*this)[i];
  if (on_heap()) delete[] heap_;
  heap_ = ring;
  capacity_ = capacity;
  head_ = 0;
}

void SlotQueue::push_back(std::int32_t slot) {
  if (size_ == capacity_) grow();
  at(size_) = slot;
  ++size_;
}

void SlotQueue::push_front(std::int32_t slot) {
  if (size_ == capacity_) grow();
  head_ = (head_ + capacity_ - 1) & (capacity_ - 1);
  ++size_;
  at(0) = slot;
}

void SlotQueue::pop_front() {
  head_ = (head_ + 1) & (capacity_ - 1);
  --size_;
}

SlotQueue::const_iterator SlotQueue::erase(const_iterator position) {
  for (std::uint32_t i = position.index_; i + 1 < size_; ++i) at(i) = at(i + 1);
  --size_;
  return {this, position.index_};
}

SlotQueue::const_iterator SlotQueue::insert(const_iterator position, std::int32_t slot) {
  const std::uint32_t index = position.index_;
  push_back(slot);  // makes room (it may grow the ring)
  for (std::uint32_t i = size_ - 1; i > index; --i) at(i) = at(i - 1);
  at(index) = slot;
  return {this, index};
}

}  // namespace orgsim::engine
