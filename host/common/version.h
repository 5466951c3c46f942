// The version of this pqa build, as `pqa --version` prints it and the report
// records it: the project version and the git commit the build was
// configured from ("0.1.0 (git 88a5855, modified)").
#ifndef PQA_HOST_COMMON_VERSION_H_
#define PQA_HOST_COMMON_VERSION_H_

namespace pqa {

const char* PqaVersion();

}  // namespace pqa

#endif  // PQA_HOST_COMMON_VERSION_H_
