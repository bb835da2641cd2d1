#include "core/huge_page_allocator.hpp"

#include <sys/mman.h>

#include <cstdint>
#include <new>

namespace orgsim::core {
namespace {

std::size_t whole_huge_pages(std::size_t bytes) {
  return (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
}

}  // namespace

void* map_huge_pages(std::size_t bytes) {
  const std::size_t size = whole_huge_pages(bytes);
  // mmap aligns to 4 KiB only: map a huge page more and give back the unaligned ends.
  const std::size_t mapped = size + kHugePageBytes;
  void* raw = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = (start + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
  if (aligned > start) ::munmap(raw, aligned - start);
  const std::uintptr_t end = start + mapped;
  if (end > aligned + size) ::munmap(reinterpret_cast<void*>(aligned + size), end - aligned - size);
  // A request, not a condition: without transparent huge pages the array keeps 4 KiB pages.
  ::madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE);
  return reinterpret_cast<void*>(aligned);
}

void unmap_huge_pages(void* start, std::size_t bytes) { ::munmap(start, whole_huge_pages(bytes)); }

}  // namespace orgsim::core
