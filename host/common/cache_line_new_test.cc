#include "host/common/cache_line_new.h"

#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace pqa {
namespace {

bool OnALine(const void* p) { return reinterpret_cast<std::uintptr_t>(p) % kCacheLineBytes == 0; }

TEST(CacheLineNew, BuffersOfALineOrMoreStartOnALine) {
  if (!CacheLineNewLinked()) GTEST_SKIP() << "sanitizer build: the default operator new";
  // Interleaved with odd small allocations, which shift malloc's 16-byte
  // grid: every buffer still starts on a line.
  std::vector<std::unique_ptr<char[]>> small;
  std::vector<std::vector<double>> buffers;
  for (std::size_t n : {8u, 9u, 17u, 100u, 1000u, 4097u, 65536u, 1u << 20}) {
    small.emplace_back(new char[n % 48 + 1]);
    buffers.emplace_back(n, 1.0);
    EXPECT_TRUE(OnALine(buffers.back().data())) << n << " doubles";
  }
  auto array = std::make_unique<float[]>(33);
  EXPECT_TRUE(OnALine(array.get()));
  void* nothrow = ::operator new(200, std::nothrow);
  ASSERT_NE(nothrow, nullptr);
  EXPECT_TRUE(OnALine(nothrow));
  ::operator delete(nothrow, std::nothrow);
}

TEST(CacheLineNew, SmallObjectsAndOverAlignedTypesStillWork) {
  // Below a line: malloc's alignment, enough for any fundamental type.
  auto value = std::make_unique<long double>(1.5L);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(value.get()) % alignof(std::max_align_t), 0u);
  EXPECT_EQ(*value, 1.5L);
  std::string text(10, 'x');
  text += std::string(200, 'y');
  EXPECT_EQ(text.size(), 210u);
  struct alignas(256) Wide {
    double v[4];
  };
  auto wide = std::make_unique<Wide>();
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(wide.get()) % 256, 0u);
}

TEST(CacheLineNew, ExhaustionThrowsBadAlloc) {
  volatile std::size_t too_much = std::size_t{1} << 62;
  EXPECT_THROW(
      {
        char* p = new char[too_much];
        delete[] p;
      },
      std::bad_alloc);
  EXPECT_EQ(::operator new(too_much, std::nothrow), nullptr);
}

}  // namespace
}  // namespace pqa
