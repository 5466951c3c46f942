#include "host/common/cache_line_new.h"

#include <cstdlib>
#include <new>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PQA_DEFAULT_NEW 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define PQA_DEFAULT_NEW 1
#endif
#endif

namespace pqa {

#if defined(PQA_DEFAULT_NEW)

bool CacheLineNewLinked() { return false; }

#else

bool CacheLineNewLinked() { return true; }

namespace {

// Below a line nothing is gained, and the many small objects (strings,
// protobuf fields, map nodes) keep malloc's packing.
void* AllocateOrNull(std::size_t n) noexcept {
  if (n < kCacheLineBytes) return std::malloc(n == 0 ? 1 : n);
  return std::aligned_alloc(kCacheLineBytes, n);
}

// [new.delete.single]: on failure, call the new-handler and retry, or throw
// std::bad_alloc when there is none.
void* Allocate(std::size_t n) {
  while (true) {
    if (void* p = AllocateOrNull(n)) return p;
    std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}

void* AllocateNoThrow(std::size_t n) noexcept {
  try {
    return Allocate(n);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}

}  // namespace

#endif

}  // namespace pqa

#if !defined(PQA_DEFAULT_NEW)

// Memory from malloc and aligned_alloc alike goes back with free. The
// std::align_val_t forms stay the library's (aligned_alloc and free too).
void* operator new(std::size_t n) { return pqa::Allocate(n); }
void* operator new[](std::size_t n) { return pqa::Allocate(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  return pqa::AllocateNoThrow(n);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  return pqa::AllocateNoThrow(n);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

#endif
