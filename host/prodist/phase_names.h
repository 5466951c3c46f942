// Phase labels of a record: the recorded name, or "A", "B", "C" by position
// when a writer left it empty.
#ifndef PQA_HOST_PRODIST_PHASE_NAMES_H_
#define PQA_HOST_PRODIST_PHASE_NAMES_H_

#include <string>

#include "pqa/v1/record.pb.h"

namespace pqa::prodist {

inline std::string PhaseName(const v1::Record& record, int index) {
  const std::string& name = record.phases(index).phase();
  return name.empty() ? std::string(1, static_cast<char>('A' + index)) : name;
}

}  // namespace pqa::prodist

#endif  // PQA_HOST_PRODIST_PHASE_NAMES_H_
