// IEC 61850-9-2 sampled values as the 9-2LE profile ("Implementation
// guideline for digital interface to instrument transformers using IEC
// 61850-9-2", UCA International Users Group) puts them on the wire: one
// Ethernet frame (type 0x88BA) carries an APDU of 1 ASDU (80 samples per
// cycle, protection) or 8 ASDUs (256 samples per cycle, quality
// measurement), each with svID, smpCnt, confRev, smpSynch and the dataset of
// 4 currents and 4 voltages with their quality words.
//
//   SvFrame <-> EncodeSvFrame / DecodeSvFrame <-> bytes (from the Ethernet
//   destination address on, without the frame check sequence)
//
// Pure functions: no sockets, no clocks; the publisher (sv_socket.h) sends
// what EncodeSvFrame makes and the subscriber hands what it receives to
// DecodeSvFrame, which checks every length and tag and names the field at
// fault instead of trusting the frame.
#ifndef PQA_HOST_SV_SV_FRAME_H_
#define PQA_HOST_SV_SV_FRAME_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "host/common/time.h"

namespace pqa::sv {

inline constexpr std::uint16_t kEtherTypeSv = 0x88BA;    // IEC 61850-9-2 8.2
inline constexpr std::uint16_t kEtherTypeVlan = 0x8100;  // IEEE 802.1Q tag
// 9-2LE dataset: IA, IB, IC, IN, VA, VB, VC, VN (table 8 of the guideline).
inline constexpr int kDatasetChannels = 8;
inline constexpr int kFirstVoltage = 4;
// 9-2LE scaling: INT32 counts of 1 mA (currents) and 10 mV (voltages).
inline constexpr double kAmperesPerCount = 0.001;
inline constexpr double kVoltsPerCount = 0.01;

// IEC 61850-7-3 6.2 quality, as 9-2LE packs it in 32 bits (bit 0 = LSB).
namespace quality {
inline constexpr std::uint32_t kValidityMask = 0x3;
inline constexpr std::uint32_t kGood = 0x0;
inline constexpr std::uint32_t kInvalid = 0x1;
inline constexpr std::uint32_t kQuestionable = 0x3;
inline constexpr std::uint32_t kFailure = 1u << 6;
inline constexpr std::uint32_t kTest = 1u << 11;
inline constexpr std::uint32_t kDerived = 1u << 13;  // computed, not measured (9-2LE: IN, VN)
}  // namespace quality

// smpSynch (IEC 61850-9-2 Ed2 / 9-2LE): 0 not synchronised, 1 to a local
// clock, 2 to a global area clock (PTP, 1 PPS from GPS).
enum class SmpSynch : std::uint8_t { kNone = 0, kLocal = 1, kGlobal = 2 };

// IEC 61850-8-1 UtcTime: seconds, fraction of a second (24 bits), time quality.
struct UtcTime {
  std::uint32_t seconds = 0;
  std::uint32_t fraction = 0;  // units of 2^-24 s (0..2^24-1)
  std::uint8_t quality = 0;    // bit 5: clock not synchronised; bits 0-4: accuracy in bits
  static UtcTime FromTime(TimeNs t);
  TimeNs ToTime() const;
};

struct SvAsdu {
  std::string sv_id;  // 1..129 characters (9-2LE: the merging unit's name, e.g. "MU01MU0101")
  std::optional<std::string> dat_set;
  std::uint16_t smp_cnt = 0;  // sample index in the second (9-2LE: 0..rate-1, 0 at the 1 PPS)
  std::uint32_t conf_rev = 1;
  std::optional<UtcTime> refr_tm;  // optional in 9-2 (not sent by 9-2LE merging units)
  std::uint8_t smp_synch = 0;      // SmpSynch
  std::optional<std::uint16_t> smp_rate;
  std::array<std::int32_t, kDatasetChannels> values{};  // counts (kAmperesPerCount, kVoltsPerCount)
  std::array<std::uint32_t, kDatasetChannels> quality{};  // see namespace quality
};

struct SvFrame {
  std::array<std::uint8_t, 6> destination{0x01, 0x0C, 0xCD, 0x04, 0x00, 0x00};  // 9-2 multicast
  std::array<std::uint8_t, 6> source{};
  std::optional<std::uint16_t> vlan_tci;  // 802.1Q tag control (priority 4 << 13 | VLAN id)
  std::uint16_t app_id = 0x4000;          // 0x4000..0x7FFF for sampled values
  bool simulated = false;                 // Reserved1 bit 15 (9-2 Ed2: test frame)
  std::vector<SvAsdu> asdus;              // 1..255
};

// Bytes from the destination address to the end of the APDU (no FCS; the
// network card pads a short frame to 60 bytes). Errors: no ASDU, more than
// 255, an svID longer than 129 characters or empty.
absl::StatusOr<std::vector<std::uint8_t>> EncodeSvFrame(const SvFrame& frame);

// The reverse. Frames of another Ethernet type are NotFound (a subscriber
// skips them); a sampled-values frame that does not parse is
// InvalidArgument naming the field and its byte offset.
absl::StatusOr<SvFrame> DecodeSvFrame(std::span<const std::uint8_t> bytes);

// APPID of a sampled-values frame without decoding the rest (demultiplexing);
// nullopt for anything else.
std::optional<std::uint16_t> PeekAppId(std::span<const std::uint8_t> bytes);

// Engineering value of dataset entry `channel` from counts, and back
// (rounded to the nearest count, saturated to INT32).
double CountsToValue(int channel, std::int32_t counts);
std::int32_t ValueToCounts(int channel, double value);

}  // namespace pqa::sv

#endif  // PQA_HOST_SV_SV_FRAME_H_
