#pragma once
// A FIFO of order slots that keeps its first few slots inside itself. A desk's queue is short
// nearly always (a queue forms only when every staff member is busy), and a std::deque kept
// even an empty one in a separately allocated 512-byte block: at province scale that block was
// cold whenever an order joined or left the queue, one more cache miss per order (issue 17).
// Longer queues move to a ring on the heap, doubled as needed and never shrunk.
#include <cstddef>
#include <cstdint>
#include <iterator>

namespace orgsim::engine {

class SlotQueue {
 public:
  // Slots held inside the queue before it moves to the heap: as many as fit beside the ring's
  // indices in 32 bytes.
  static constexpr std::uint32_t kInline = 4;

  // Reads the slots head first. Only read: erase and insert take one to say where.
  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::int32_t;
    using difference_type = std::ptrdiff_t;
    using pointer = const std::int32_t*;
    using reference = const std::int32_t&;

    const_iterator() = default;
    reference operator*() const { return (*queue_)[index_]; }
    const_iterator& operator++() {
      ++index_;
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++index_;
      return before;
    }
    friend bool operator==(const const_iterator& a, const const_iterator& b) {
      return a.index_ == b.index_;
    }
    friend bool operator!=(const const_iterator& a, const const_iterator& b) {
      return a.index_ != b.index_;
    }

   private:
    friend class SlotQueue;
    const_iterator(const SlotQueue* queue, std::uint32_t index) : queue_(queue), index_(index) {}
    const SlotQueue* queue_ = nullptr;
    std::uint32_t index_ = 0;  // from the head
  };

  SlotQueue() = default;
  SlotQueue(const SlotQueue& other);
  SlotQueue& operator=(const SlotQueue& other);
  SlotQueue(SlotQueue&& other) noexcept;
  SlotQueue& operator=(SlotQueue&& other) noexcept;
  ~SlotQueue();

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  // The i-th slot from the head (i < size()).
  const std::int32_t& operator[](std::size_t i) const { return data()[ring_index(i)]; }
  std::int32_t front() const { return data()[head_]; }

  void push_back(std::int32_t slot);
  void push_front(std::int32_t slot);
  void pop_front();
  void clear() { head_ = size_ = 0; }

  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size_}; }
  // Removes the slot at `at`; returns the position after it (the slots behind move up).
  const_iterator erase(const_iterator at);
  // Puts `slot` before `at` (end(): at the back); returns its position.
  const_iterator insert(const_iterator at, std::int32_t slot);

 private:
  bool on_heap() const { return capacity_ > kInline; }
  std::int32_t* data() { return on_heap() ? heap_ : inline_; }
  const std::int32_t* data() const { return on_heap() ? heap_ : inline_; }
  // Capacities are powers of two, so the ring wraps with a mask.
  std::uint32_t ring_index(std::size_t i) const {
    return static_cast<std::uint32_t>((head_ + i) & (capacity_ - 1));
  }
  std::int32_t& at(std::size_t i) { return data()[ring_index(i)]; }
  void grow();                  // doubles the capacity, the slots in order from index 0
  void take(SlotQueue& other);  // moves other's slots here (this holds none on the heap)
  void release();               // frees the heap ring, if any

  union {
    std::int32_t inline_[kInline];
    std::int32_t* heap_;
  };
  std::uint32_t head_ = 0;
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = kInline;
};

static_assert(sizeof(SlotQueue) <= 32, "a desk and its queue must fit in part of a cache line");

}  // namespace orgsim::engine
