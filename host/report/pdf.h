// `pqa report --pdf FILE`: the HTML report printed to PDF by headless
// Chromium (Debian's chromium, which tools/setup.sh installs), with the
// report's A4 print stylesheet, page header and page numbers.
#ifndef PQA_HOST_REPORT_PDF_H_
#define PQA_HOST_REPORT_PDF_H_

#include <string>

#include "absl/status/status.h"

namespace pqa::report {

// The browser to print with: $PQA_CHROMIUM when set, else chromium (or
// chromium-browser) on PATH; "" when there is none.
std::string FindChromium();

// Prints `html_path` to `pdf_path`. FAILED_PRECONDITION saying what to
// install when there is no Chromium; INTERNAL with Chromium's last words
// when it fails.
absl::Status PrintToPdf(const std::string& html_path, const std::string& pdf_path);

}  // namespace pqa::report

#endif  // PQA_HOST_REPORT_PDF_H_
