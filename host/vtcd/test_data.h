// Test-only: where the repository's data files are. PQA_SOURCE_DIR from the
// environment wins; otherwise the source directory this test was built from.
#ifndef PQA_HOST_VTCD_TEST_DATA_H_
#define PQA_HOST_VTCD_TEST_DATA_H_

#include <cstdlib>
#include <string>
#include <string_view>

namespace pqa::vtcd::test_data {

inline std::string SourcePath(std::string_view relative) {
  const char* root = std::getenv("PQA_SOURCE_DIR");
#ifdef PQA_VTCD_SOURCE_DIR
  if (root == nullptr) root = PQA_VTCD_SOURCE_DIR;
#endif
  return std::string(root != nullptr ? root : ".") + "/" + std::string(relative);
}

}  // namespace pqa::vtcd::test_data

#endif  // PQA_HOST_VTCD_TEST_DATA_H_
