#include "host/xrt/xrt_program.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "experimental/xrt_system.h"
#include "experimental/xrt_xclbin.h"
#include "host/common/status_macros.h"
#include "host/xrt/xrt_status.h"
#include "xclbin.h"

namespace pqa::xrt {
namespace {

constexpr char kBuildHint[] =
    "build it from hls/vitis with v++ for this card's platform (host/xrt/README.md)";

std::string EnvOrEmpty(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

// The kernel's compute unit names ("window_1" of "pqa_window_kernel:window_1"),
// after checking its arguments against the signature the host sets.
absl::StatusOr<std::vector<std::string>> CheckKernel(const ::xrt::xclbin& xclbin,
                                                     const std::string& path,
                                                     const KernelSignature& signature) {
  const std::string name(signature.name);
  ::xrt::xclbin::kernel kernel;
  PQA_RETURN_IF_ERROR(XrtCall(absl::StrCat("reading the kernels of ", path),
                              absl::StatusCode::kInvalidArgument, [&] {
                                for (const ::xrt::xclbin::kernel& k : xclbin.get_kernels()) {
                                  if (k.get_name() == name) kernel = k;
                                }
                              }));
  if (!kernel) {
    return absl::InvalidArgumentError(
        absl::StrFormat("xclbin '%s' has no kernel %s (hls/kernels): %s", path, name, kBuildHint));
  }
  std::vector<std::string> units;
  std::vector<::xrt::xclbin::arg> args;
  PQA_RETURN_IF_ERROR(XrtCall(absl::StrCat("reading kernel ", name, " of ", path),
                              absl::StatusCode::kInvalidArgument, [&] {
                                args = kernel.get_args();
                                const std::string prefix = name + ":";
                                for (const ::xrt::xclbin::ip& cu : kernel.get_cus()) {
                                  std::string unit = cu.get_name();
                                  if (unit.rfind(prefix, 0) == 0) unit.erase(0, prefix.size());
                                  units.push_back(unit);
                                }
                              }));
  if (args.size() != signature.args.size()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "xclbin '%s': kernel %s has %d arguments, this program sets %d (hls/kernels/%s.h): %s",
        path, name, args.size(), signature.args.size(), name.substr(4), kBuildHint));
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const KernelArgument& want = signature.args[i];
    std::string got;
    std::size_t banks = 0;
    PQA_RETURN_IF_ERROR(XrtCall(absl::StrCat("reading argument ", i, " of kernel ", name),
                                absl::StatusCode::kInvalidArgument, [&] {
                                  got = args[i].get_name();
                                  banks = args[i].get_mems().size();
                                }));
    if (got != want.name) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "xclbin '%s': argument %d of kernel %s is '%s', this program sets '%s' there (the "
          "xclbin was built from other kernel sources): %s",
          path, i, name, got, want.name, kBuildHint));
    }
    if (want.buffer && banks == 0) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "xclbin '%s': buffer argument '%s' of kernel %s is connected to no memory bank (v++ "
          "--connectivity.sp, hls/vitis/*.cfg): %s",
          path, want.name, name, kBuildHint));
    }
  }
  if (units.empty()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("xclbin '%s': kernel %s has no compute unit (v++ --connectivity.nk): %s",
                        path, name, kBuildHint));
  }
  return units;
}

// The file's bytes once the axlf container holds together: XRT trusts the
// header's offsets, so a truncated or foreign file is refused here, by name.
absl::StatusOr<std::vector<char>> ReadXclbin(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    return absl::NotFoundError(absl::StrFormat("xclbin '%s' cannot be read", path));
  }
  const std::size_t size = data.size();
  if (size < sizeof(axlf) || std::memcmp(data.data(), "xclbin2", 8) != 0) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "'%s' is not an xclbin (it does not start with the axlf magic 'xclbin2'): %s", path,
        kBuildHint));
  }
  axlf top;
  std::memcpy(&top, data.data(), sizeof(axlf));
  const std::uint64_t sections = top.m_header.m_numSections;
  const std::uint64_t headers_end =
      offsetof(axlf, m_sections) + sections * sizeof(axlf_section_header);
  if (top.m_header.m_length != size || sections == 0 || headers_end > size) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "xclbin '%s' is truncated or damaged: its header gives %d bytes and %d sections, the "
        "file has %d bytes: %s",
        path, top.m_header.m_length, sections, size, kBuildHint));
  }
  for (std::uint64_t i = 0; i < sections; ++i) {
    axlf_section_header h;
    std::memcpy(&h, data.data() + offsetof(axlf, m_sections) + i * sizeof(axlf_section_header),
                sizeof(h));
    if (h.m_sectionOffset > size || h.m_sectionSize > size - h.m_sectionOffset) {
      return absl::InvalidArgumentError(
          absl::StrFormat("xclbin '%s' is damaged: section %d (kind %d) lies outside the file: %s",
                          path, i, h.m_sectionKind, kBuildHint));
    }
  }
  return data;
}

// XRT's own device count, or what an emulation mode stands for: sw_emu and
// hw_emu count the devices of emconfig.json; the no-op shim has no device
// list and is taken as one device.
absl::StatusOr<unsigned> DeviceCount(const std::string& emulation) {
  unsigned count = 0;
  PQA_RETURN_IF_ERROR(XrtCall(
      "counting devices (XRT must be installed where XILINX_XRT points, "
      "with the card's driver loaded: xbutil examine lists the devices; "
      "without a card use --backend hls)",
      absl::StatusCode::kFailedPrecondition, [&] { count = ::xrt::system::enumerate_devices(); }));
  if (!emulation.empty() && count == 0) count = 1;
  return count;
}

}  // namespace

absl::StatusOr<std::shared_ptr<XrtProgram>> XrtProgram::Open(const XrtProgramOptions& options) {
  const std::string& path = options.xclbin;
  if (path.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "no xclbin given: pass --xclbin FILE, the FPGA binary holding pqa_window_kernel and "
        "pqa_flicker_kernel; ",
        kBuildHint));
  }
  if (options.device < 0) {
    return absl::InvalidArgumentError(
        absl::StrFormat("device index %d: expected 0 or more", options.device));
  }
  if (options.run_timeout.count() <= 0) {
    return absl::InvalidArgumentError("run_timeout must be > 0 ms");
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return absl::NotFoundError(absl::StrFormat("xclbin '%s' not found: %s", path, kBuildHint));
  }
  PQA_ASSIGN_OR_RETURN(const std::vector<char> data, ReadXclbin(path));
  ::xrt::xclbin xclbin;
  PQA_RETURN_IF_ERROR(XrtCall(absl::StrFormat("'%s' is not a valid xclbin (%s)", path, kBuildHint),
                              absl::StatusCode::kInvalidArgument,
                              [&] { xclbin = ::xrt::xclbin(data); }));
  std::shared_ptr<XrtProgram> program(new XrtProgram(options));
  PQA_ASSIGN_OR_RETURN(program->window_units_, CheckKernel(xclbin, path, kWindowKernel));
  PQA_ASSIGN_OR_RETURN(program->flicker_units_, CheckKernel(xclbin, path, kFlickerKernel));

  program->emulation_mode_ = EnvOrEmpty("XCL_EMULATION_MODE");
  absl::StatusOr<unsigned> devices = DeviceCount(program->emulation_mode_);
  // XRT 2.13 finds its shim under $XILINX_XRT/lib and fails without it.
  if (!devices.ok() && EnvOrEmpty("XILINX_XRT").empty()) {
    return absl::FailedPreconditionError(
        "XRT is not set up: XILINX_XRT is unset (source /opt/xilinx/xrt/setup.sh, or point "
        "XILINX_XRT at the XRT installation whose lib/ holds libxrt_core.so.2); a card with its "
        "driver is needed too (xbutil examine lists them); without a card use --backend hls");
  }
  PQA_ASSIGN_OR_RETURN(const unsigned count, std::move(devices));
  if (count == 0) {
    return absl::FailedPreconditionError(
        "XRT finds no FPGA device: install the card and its driver (xbutil examine lists the "
        "devices), or use --backend hls to run the same kernels on this CPU");
  }
  if (static_cast<unsigned>(options.device) >= count) {
    return absl::OutOfRangeError(absl::StrFormat(
        "device index %d out of range: XRT sees %d device(s), indices 0..%d (xbutil examine "
        "lists them); pass --device with one of those",
        options.device, count, count - 1));
  }
  PQA_RETURN_IF_ERROR(XrtCall(absl::StrFormat("opening device %d (xbutil examine lists the "
                                              "devices)",
                                              options.device),
                              absl::StatusCode::kFailedPrecondition,
                              [&] { program->device_ = ::xrt::device(options.device); }));
  PQA_RETURN_IF_ERROR(XrtCall(
      absl::StrFormat("loading '%s' on device %d (the xclbin must be built for the platform "
                      "installed on this card: xbutil examine -d %d names it)",
                      path, options.device, options.device),
      absl::StatusCode::kFailedPrecondition,
      [&] { program->uuid_ = program->device_.load_xclbin(xclbin); }));
  return program;
}

absl::StatusOr<::xrt::kernel> XrtProgram::OpenWindowKernel() {
  ::xrt::kernel kernel;
  PQA_RETURN_IF_ERROR(XrtCall(absl::StrCat("opening ", std::string(kWindowKernel.name)),
                              absl::StatusCode::kFailedPrecondition, [&] {
                                kernel =
                                    ::xrt::kernel(device_, uuid_, std::string(kWindowKernel.name));
                              }));
  return kernel;
}

absl::StatusOr<::xrt::kernel> XrtProgram::OpenFlickerKernel() {
  std::string unit;
  {
    std::lock_guard<std::mutex> lock(mu_);
    unit = flicker_units_[next_flicker_unit_ % flicker_units_.size()];
    ++next_flicker_unit_;
  }
  // "kernel:{unit}" selects one compute unit (XRT's kernel name syntax).
  const std::string name = absl::StrCat(std::string(kFlickerKernel.name), ":{", unit, "}");
  ::xrt::kernel kernel;
  PQA_RETURN_IF_ERROR(XrtCall(absl::StrCat("opening ", name), absl::StatusCode::kFailedPrecondition,
                              [&] { kernel = ::xrt::kernel(device_, uuid_, name); }));
  return kernel;
}

absl::Status XrtProgram::Wait(::xrt::run& run, std::string_view kernel) {
  ert_cmd_state state = ERT_CMD_STATE_NEW;
  const std::string name(kernel);
  PQA_RETURN_IF_ERROR(XrtCall(absl::StrCat("waiting for ", name), absl::StatusCode::kUnavailable,
                              [&] { state = run.wait(options_.run_timeout); }));
  if (state == ERT_CMD_STATE_COMPLETED) {
    ++(kernel == kWindowKernel.name ? window_runs_ : flicker_runs_);
    return absl::OkStatus();
  }
  // Best effort: a run left in flight would keep its buffers busy.
  (void)XrtCall("aborting the run", absl::StatusCode::kUnavailable, [&] { run.abort(); });
  if (state == ERT_CMD_STATE_TIMEOUT || state == ERT_CMD_STATE_RUNNING ||
      state == ERT_CMD_STATE_QUEUED || state == ERT_CMD_STATE_SUBMITTED) {
    return absl::DeadlineExceededError(absl::StrFormat(
        "%s did not complete within %d ms on device %d (a hung kernel or a lost card; xbutil "
        "examine -d %d, xbutil reset)",
        name, options_.run_timeout.count(), options_.device, options_.device));
  }
  return absl::InternalError(
      absl::StrFormat("%s on device %d ended in XRT command state %d instead of completed (4)",
                      name, options_.device, static_cast<int>(state)));
}

void XrtProgram::RecordFault(const absl::Status& fault) {
  if (fault.ok()) return;
  std::lock_guard<std::mutex> lock(fault_mu_);
  if (!fault_.ok()) return;
  // The analyzer polls fault() after every block (AnalyzerConfig::
  // backend_status) and stops the replay with it; no run starts after it.
  fault_ = fault;
}

absl::Status XrtProgram::fault() const {
  std::lock_guard<std::mutex> lock(fault_mu_);
  return fault_;
}

}  // namespace pqa::xrt
