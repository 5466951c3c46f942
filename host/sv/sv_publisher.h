// `pqa sv-publish`: a recording (any SampleSource) as a 9-2LE merging unit
// would send it. SvFrameMaker cuts the samples into frames (pure: no socket,
// no clock); Publish paces them onto an SvSocket.
//
//   SampleSource -> SvFrameMaker (channels, 10 mV / 1 mA counts, smpCnt from
//   the sample's time in its second, 1 or 8 ASDUs a frame) -> frames ->
//   pacing (real time, a factor of it, or as fast as the socket takes them)
//   -> SvSocket
#ifndef PQA_HOST_SV_SV_PUBLISHER_H_
#define PQA_HOST_SV_SV_PUBLISHER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "host/io/channel_selection.h"
#include "host/io/sample_source.h"
#include "host/sv/rate_converter.h"
#include "host/sv/sv_frame.h"
#include "host/sv/sv_socket.h"

namespace pqa::sv {

struct FrameConfig {
  std::uint16_t app_id = 0x4000;  // 0x4000..0x7FFF
  std::string sv_id = "PQA_MU01";
  std::uint32_t conf_rev = 1;
  std::uint8_t smp_synch = static_cast<std::uint8_t>(SmpSynch::kGlobal);
  bool refr_tm = false;  // also send each sample's time (refrTm, IEC 61850-9-2; not in 9-2LE)
  std::optional<std::uint16_t> vlan_tci;
  std::array<std::uint8_t, 6> destination{0x01, 0x0C, 0xCD, 0x04, 0x00, 0x01};
  std::array<std::uint8_t, 6> source{};
  std::vector<std::string> channels;  // VA,VB,VC[,IA,IB,IC]; empty: by the phase fields
  double nominal_frequency_hz = 0;    // 50 or 60; 0: the recording's, else 60
  TimeNs time_shift = 0;              // added to every sample time (whole seconds)
};

class SvFrameMaker {
 public:
  // Checks that the recording's rate is a 9-2LE rate (80 or 256 samples per
  // cycle of the nominal frequency) and chooses the channels.
  static absl::StatusOr<SvFrameMaker> Create(const io::StreamInfo& info, FrameConfig config);
  // The channels the source must deliver (SampleSource::SetRequiredChannels).
  std::vector<std::size_t> required_channels() const { return io::UsedChannels(map_); }
  // Appends the frames `block` completes (8 ASDUs at 256 samples per cycle
  // may wait for the next block); `times` gets each frame's last sample time.
  absl::Status Add(const io::SampleBlock& block, std::vector<SvFrame>& frames,
                   std::vector<TimeNs>& times);
  int samples_per_cycle() const { return samples_per_cycle_; }
  int asdus_per_frame() const { return samples_per_cycle_ == 256 ? 8 : 1; }
  double sample_rate_hz() const { return rate_; }
  const FrameConfig& config() const { return config_; }

 private:
  SvFrameMaker(FrameConfig config, io::ChannelMap map, int spc, double rate)
      : config_(std::move(config)), map_(map), samples_per_cycle_(spc), rate_(rate) {}
  FrameConfig config_;
  io::ChannelMap map_;
  int samples_per_cycle_;
  double rate_;
  SvFrame pending_;
};

enum class Pace { kRealtime, kMax, kFactor };

struct PublishOptions {
  FrameConfig frame;
  Pace pace = Pace::kRealtime;
  double factor = 1;  // kFactor: times real time (> 0)
  // 0: the recording's rate, which must be 80 or 256 samples per cycle; 80
  // or 256: resampled to it first (rate_converter.h).
  int samples_per_cycle = 0;
  std::size_t frames_per_block = 16384;
  // Tests: called with every frame before it is sent (index from 0); false
  // skips the frame. Faults are made here: drop, alter, pause.
  std::function<bool(std::int64_t index, SvFrame& frame)> tamper;
  // Called after each block of frames (progress).
  std::function<void(double signal_s)> progress;
};

struct PublishSummary {
  std::int64_t frames = 0;
  std::int64_t asdus = 0;
  double signal_s = 0;
  double wall_s = 0;
};

// With Pace::kRealtime the recording is re-timed to start at the next
// whole second of the local clock plus one (its sub-second phase is kept)
// and each frame leaves when its last sample is due; `stop` ends early.
absl::StatusOr<PublishSummary> Publish(io::SampleSource& source, SvSocket& socket,
                                       PublishOptions options,
                                       const std::atomic<bool>* stop = nullptr);

}  // namespace pqa::sv

#endif  // PQA_HOST_SV_SV_PUBLISHER_H_
