// Host plumbing of both kernels under XRT's no-op shim: buffer sizes from the
// contract, host data arriving in the input buffer objects, runs started and
// completed, the flicker engine's double buffering, and the fault path. The
// shim computes nothing, so no test here looks at a kernel's output values.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hls/kernels/buffer_contract.h"
#include "host/flicker/flicker_config.h"
#include "host/xrt/buffer_object.h"
#include "host/xrt/kernel_signatures.h"
#include "host/xrt/noop_shim_testing.h"
#include "host/xrt/xrt_flicker_kernel.h"
#include "host/xrt/xrt_kernel_launcher.h"
#include "host/xrt/xrt_pinst_engine.h"
#include "host/xrt/xrt_program.h"
#include "host/xrt/xrt_window_kernel.h"

namespace pqa::xrt {
namespace {

namespace k = ::pqa::kernels;
using ::testing::ElementsAre;

std::shared_ptr<XrtProgram> Program(const std::string& name = "pqa_noop") {
  testing::UseNoopShim();
  XrtProgramOptions o;
  o.xclbin = testing::TestXclbin(name);
  auto program = XrtProgram::Open(o);
  EXPECT_TRUE(program.ok()) << program.status();
  return program.ok() ? *program : nullptr;
}

// What the device buffer holds, `bytes` from its start.
std::vector<char> DeviceBytes(::xrt::bo& bo, std::size_t bytes) {
  std::vector<char> out(bytes);
  EXPECT_TRUE(Download(bo, out.data(), bytes).ok());
  return out;
}

template <typename T>
bool SameBytes(const std::vector<char>& device, const T* host, std::size_t count) {
  return device.size() == count * sizeof(T) && std::memcmp(device.data(), host, device.size()) == 0;
}

TEST(XrtWindowKernel, BuffersHaveTheContractSizes) {
  auto program = Program();
  ASSERT_NE(program, nullptr);
  auto w = XrtWindowKernel::Create(program);
  ASSERT_TRUE(w.ok()) << w.status();
  // buffer_contract.h (version 2): 9 slots (3 voltages, 3 currents, 3
  // derived power voltages) x 16,384 samples of float32; one 48-byte job; a
  // table and its slope of 1,024 rows x 128 taps; one output record of
  // 2 words + rms, re, im (3 x 3) + 3 x 51 subgroups + 4 x 3 DTT family
  // + 8 sequence and unbalance floats, then the currents' rms, re, im
  // (3 x 3) + 3 x 51 subgroups + P and power voltage RMS (2 x 3) = 352 x 4
  // bytes.
  EXPECT_EQ((*w)->buffer(window_arg::kSamples).size(), 9u * 16384 * 4);
  EXPECT_EQ((*w)->buffer(window_arg::kJobs).size(), 48u);
  EXPECT_EQ((*w)->buffer(window_arg::kCoefficients).size(), 2u * 1024 * 128 * 4);
  EXPECT_EQ((*w)->buffer(window_arg::kOut).size(), 352u * 4);
}

// Issue 17: a job with currents and derived power voltages sends its nine
// slots; one without sends three, as before; a job whose slots run past
// the buffer is refused.
TEST(XrtWindowKernel, CurrentAndPowerVoltageSlotsArriveInTheSampleBuffer) {
  auto program = Program();
  ASSERT_NE(program, nullptr);
  auto w = XrtWindowKernel::Create(program);
  ASSERT_TRUE(w.ok()) << w.status();
  const unsigned span = 2600, taps = 16, phases = 64;
  std::vector<float> samples(9 * span);
  for (std::size_t i = 0; i < samples.size(); ++i) samples[i] = 0.5f * static_cast<float>(i) + 3;
  std::vector<float> coefficients(2 * taps * phases, 0.5f);
  k::WindowJob job{};
  job.span_samples = span;
  job.phase_mask = 7;
  job.current_mask = 7;
  job.power_mask = 5;
  job.power_voltage_slot = k::kPowerVoltageSlot;
  job.cycles = 10;
  job.step_lo = 0x12345678u;
  ASSERT_EQ(k::WindowJobSlots(job), 9u);
  k::WindowOutput out{};
  ASSERT_TRUE((*w)->Run(samples.data(), &job, coefficients.data(), &out, 1, taps, phases).ok());
  EXPECT_TRUE(SameBytes(DeviceBytes((*w)->buffer(window_arg::kSamples), samples.size() * 4),
                        samples.data(), samples.size()));
  EXPECT_TRUE(SameBytes(DeviceBytes((*w)->buffer(window_arg::kJobs), sizeof(job)), &job, 1));

  job.power_voltage_slot = k::kVoltageSlot;  // a wye input: the phase voltages serve
  EXPECT_EQ(k::WindowJobSlots(job), 6u);
  job.current_mask = job.power_mask = 0;
  EXPECT_EQ(k::WindowJobSlots(job), 3u);

  job.current_mask = job.power_mask = 7;
  job.power_voltage_slot = k::kPowerVoltageSlot;
  job.span_samples = 16384;
  job.sample_offset_lo = 16384;  // nine slots from the second: one past the buffer
  EXPECT_EQ((*w)->Run(samples.data(), &job, coefficients.data(), &out, 1, taps, phases).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ((*w)->runs(), 1);
}

TEST(XrtWindowKernel, HostDataArrivesInTheInputBuffersAndRunsComplete) {
  auto program = Program();
  ASSERT_NE(program, nullptr);
  auto w = XrtWindowKernel::Create(program);
  ASSERT_TRUE(w.ok()) << w.status();
  const unsigned span = 2600, taps = 16, phases = 64;
  std::vector<float> samples(3 * span);
  for (std::size_t i = 0; i < samples.size(); ++i) samples[i] = 0.25f * static_cast<float>(i) - 7;
  std::vector<float> coefficients(2 * taps * phases);
  for (std::size_t i = 0; i < coefficients.size(); ++i) coefficients[i] = 1.0f / (1 + i);
  k::WindowJob job{};
  job.span_samples = span;
  job.phase_mask = 7;
  job.cycles = 12;
  job.first_lo = 0x80000000u;  // 0.5 sample
  job.step_lo = 0x12345678u;
  k::WindowOutput out{};
  ASSERT_TRUE((*w)->Run(samples.data(), &job, coefficients.data(), &out, 1, taps, phases).ok());
  EXPECT_EQ((*w)->runs(), 1);
  EXPECT_TRUE(SameBytes(DeviceBytes((*w)->buffer(window_arg::kSamples), samples.size() * 4),
                        samples.data(), samples.size()));
  EXPECT_TRUE(SameBytes(DeviceBytes((*w)->buffer(window_arg::kJobs), sizeof(job)), &job, 1));
  EXPECT_TRUE(
      SameBytes(DeviceBytes((*w)->buffer(window_arg::kCoefficients), coefficients.size() * 4),
                coefficients.data(), coefficients.size()));

  // The table travels again only when it changes (a new sample rate).
  ASSERT_TRUE((*w)->Run(samples.data(), &job, coefficients.data(), &out, 1, taps, phases).ok());
  EXPECT_EQ((*w)->coefficient_uploads(), 1);
  coefficients[5] = 42;
  ASSERT_TRUE((*w)->Run(samples.data(), &job, coefficients.data(), &out, 1, taps, phases).ok());
  EXPECT_EQ((*w)->coefficient_uploads(), 2);
  EXPECT_EQ((*w)->runs(), 3);
}

TEST(XrtWindowKernel, RefusesCallsOutsideTheContract) {
  auto program = Program();
  ASSERT_NE(program, nullptr);
  auto w = XrtWindowKernel::Create(program);
  ASSERT_TRUE(w.ok()) << w.status();
  std::vector<float> samples(3 * 16384), coefficients(2 * 16 * 64);
  k::WindowJob job{};
  job.phase_mask = 7;
  job.span_samples = 16385;  // one past kMaxSpanSamples
  k::WindowOutput out{};
  EXPECT_EQ((*w)->Run(samples.data(), &job, coefficients.data(), &out, 1, 16, 64).code(),
            absl::StatusCode::kInvalidArgument);
  job.span_samples = 100;
  EXPECT_EQ((*w)->Run(samples.data(), &job, coefficients.data(), &out, 1, 18, 64).code(),
            absl::StatusCode::kInvalidArgument);  // taps not a multiple of 4
  EXPECT_EQ((*w)->Run(samples.data(), &job, coefficients.data(), &out, 2, 16, 64).code(),
            absl::StatusCode::kInvalidArgument);  // two jobs, buffers for one
  EXPECT_EQ((*w)->runs(), 0);
}

TEST(XrtFlickerKernel, BuffersHaveTheContractSizes) {
  auto program = Program();
  ASSERT_NE(program, nullptr);
  auto f = XrtFlickerKernel::Create(program, 5000);
  ASSERT_TRUE(f.ok()) << f.status();
  // buffer_contract.h: FlickerCoefficients 4,220 bytes, FlickerState 112,
  // 4,096 + 2 histogram classes of 32 bits; per set, the block's float32
  // samples and at most as many Pinst values.
  EXPECT_EQ((*f)->buffer(flicker_arg::kCoefficients).size(), 4220u);
  EXPECT_EQ((*f)->buffer(flicker_arg::kState).size(), 112u);
  EXPECT_EQ((*f)->buffer(flicker_arg::kHistogram).size(), 4098u * 4);
  for (int set = 0; set < 2; ++set) {
    EXPECT_EQ((*f)->buffer(flicker_arg::kSamples, set).size(), 5000u * 4);
    EXPECT_EQ((*f)->buffer(flicker_arg::kPinst, set).size(), 5000u * 4);
  }
  EXPECT_FALSE(XrtFlickerKernel::Create(program, 65537).ok());  // kMaxFlickerBlock + 1
}

TEST(XrtFlickerKernel, HostDataArrivesInTheInputBuffers) {
  auto program = Program();
  ASSERT_NE(program, nullptr);
  auto f = XrtFlickerKernel::Create(program, 1024);
  ASSERT_TRUE(f.ok()) << f.status();
  k::FlickerCoefficients c{};
  c.decimation = 8;
  c.warm_up_steps = 800;
  for (int i = 0; i < 64; ++i) c.fir[i] = 0.01f * static_cast<float>(i);
  c.scale = 1.25f;
  k::FlickerState s{};
  s.phase = 3;
  s.mean_rms = 230.5;
  ASSERT_TRUE((*f)->SetCoefficients(c).ok());
  ASSERT_TRUE((*f)->WriteState(s).ok());
  // Doubles with a stride of 3 (three phases interleaved), phase 1 taken.
  std::vector<double> x(3 * 1000);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 325.0 * std::sin(0.01 * static_cast<double>(i));
  ASSERT_TRUE((*f)->FillSamples(1, x.data() + 1, 1000, 3).ok());
  EXPECT_EQ((*f)->Start(0, 0).code(), absl::StatusCode::kFailedPrecondition);  // set 0 empty
  ASSERT_TRUE((*f)->Start(1, 0).ok());
  EXPECT_TRUE((*f)->running(1));
  EXPECT_EQ((*f)->FillSamples(1, x.data(), 10, 1).code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE((*f)->Wait(1).ok());
  EXPECT_FALSE((*f)->running(1));
  std::vector<float> expected(1000);
  for (std::size_t i = 0; i < 1000; ++i) expected[i] = static_cast<float>(x[1 + 3 * i]);
  EXPECT_TRUE(SameBytes(DeviceBytes((*f)->buffer(flicker_arg::kSamples, 1), 4000), expected.data(),
                        expected.size()));
  EXPECT_TRUE(SameBytes(DeviceBytes((*f)->buffer(flicker_arg::kCoefficients), sizeof(c)), &c, 1));
  EXPECT_TRUE(SameBytes(DeviceBytes((*f)->buffer(flicker_arg::kState), sizeof(s)), &s, 1));
  EXPECT_THAT((*f)->started_sets(), ElementsAre(1));
}

flicker::FlickerConfig Config() {
  flicker::FlickerConfig fc;
  fc.sample_rate_hz = 12800;
  fc.supply_hz = 60;
  return fc;
}

TEST(XrtPinstEngine, DoubleBufferingAlternatesTheTwoSets) {
  auto program = Program();
  ASSERT_NE(program, nullptr);
  // 1,001 samples per run: not a multiple of the decimation, so every block
  // after the first starts in the middle of a block of D.
  constexpr std::size_t kBlock = 1001;
  auto engine = XrtPinstEngine::Create(Config(), program, kBlock);
  ASSERT_TRUE(engine.ok()) << engine.status();
  std::vector<double> x(4500);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 180.0 * std::sin(0.02 * static_cast<double>(i));
  std::vector<flicker::PinstValue> out;
  (*engine)->Process(x.data(), x.size(), 1, out);
  ASSERT_TRUE(program->fault().ok()) << program->fault();
  // Blocks 0..4 of 1,001 x 4 and 496 samples.
  EXPECT_THAT((*engine)->kernel()->started_sets(), ElementsAre(0, 1, 0, 1, 0));
  // The last block went into set 0 and the one before into set 1.
  auto as_float = [&](std::size_t from, std::size_t count) {
    std::vector<float> v(count);
    for (std::size_t i = 0; i < count; ++i) v[i] = static_cast<float>(x[from + i]);
    return v;
  };
  const std::vector<float> block4 = as_float(4 * kBlock, 4500 - 4 * kBlock);
  const std::vector<float> block3 = as_float(3 * kBlock, kBlock);
  EXPECT_TRUE(SameBytes(
      DeviceBytes((*engine)->kernel()->buffer(flicker_arg::kSamples, 0), block4.size() * 4),
      block4.data(), block4.size()));
  EXPECT_TRUE(SameBytes(
      DeviceBytes((*engine)->kernel()->buffer(flicker_arg::kSamples, 1), block3.size() * 4),
      block3.data(), block3.size()));
  // Across the blocks the Pinst values fall where one continuous decimator
  // puts them: every D-th input sample, the first at sample D-1 (buffer
  // contract: each value belongs to the input that completed its block of D).
  const std::size_t d = static_cast<std::size_t>((*engine)->decimation());
  ASSERT_GT(d, 1u);
  ASSERT_NE(kBlock % d, 0u);
  ASSERT_EQ(out.size(), 4500 / d);
  for (std::size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i].sample, (i + 1) * d - 1) << i;
}

TEST(XrtPinstEngine, AfterAFaultNoRunStartsAndEveryValueIsNaN) {
  auto program = Program();
  ASSERT_NE(program, nullptr);
  auto engine = XrtPinstEngine::Create(Config(), program, 1000);
  ASSERT_TRUE(engine.ok()) << engine.status();
  program->RecordFault(absl::UnavailableError("card lost (test)"));
  std::vector<double> x(3000, 100.0);
  std::vector<flicker::PinstValue> out;
  (*engine)->Process(x.data(), x.size(), 1, out);
  EXPECT_TRUE((*engine)->kernel()->started_sets().empty());
  const std::size_t d = static_cast<std::size_t>((*engine)->decimation());
  ASSERT_EQ(out.size(), 3000 / d);
  for (const flicker::PinstValue& v : out) EXPECT_TRUE(std::isnan(v.pinst));

  // The window kernel's launcher too: NaN records, no run.
  XrtKernelLauncher launcher(program);
  std::vector<float> samples(300), coefficients(2 * 16 * 64);
  k::WindowJob job{};
  job.span_samples = 100;
  job.phase_mask = 7;
  k::WindowOutput record{};
  launcher.RunWindowKernel(samples.data(), &job, coefficients.data(), &record, 1, 16, 64);
  EXPECT_EQ(record.phase_mask, 7u);
  EXPECT_TRUE(std::isnan(record.rms_v[0]));
  EXPECT_TRUE(std::isnan(record.u0_pct));
  EXPECT_TRUE(std::isnan(record.i_rms_a[0]));  // the current and power fields too
  EXPECT_TRUE(std::isnan(record.power_v_rms[2]));
  EXPECT_EQ(launcher.status().code(), absl::StatusCode::kUnavailable);
}

TEST(XrtKernelLauncher, RunsTheFlickerKernelSynchronously) {
  auto program = Program();
  ASSERT_NE(program, nullptr);
  XrtKernelLauncher launcher(program);
  k::FlickerCoefficients c{};
  c.decimation = 4;
  k::FlickerState s{};
  std::vector<float> samples(2000, 1.5f), pinst(500, -1.0f);
  launcher.RunFlickerKernel(samples.data(), 2000, &c, &s, pinst.data(), nullptr, 0);
  ASSERT_TRUE(launcher.status().ok()) << launcher.status();
  ASSERT_NE(launcher.flicker_kernel(), nullptr);
  EXPECT_THAT(launcher.flicker_kernel()->started_sets(), ElementsAre(0));
  EXPECT_TRUE(SameBytes(DeviceBytes(launcher.flicker_kernel()->buffer(flicker_arg::kSamples), 8000),
                        samples.data(), samples.size()));
}

}  // namespace
}  // namespace pqa::xrt
