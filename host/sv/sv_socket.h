// The process bus side: an AF_PACKET raw socket bound to one interface for
// Ethernet type 0x88BA. The publisher sends what EncodeSvFrame makes; the
// subscriber receives frames in batches (recvmmsg) with the kernel's
// reception time (SO_TIMESTAMPNS), which anchors smpCnt to the local clock.
// AF_PACKET rather than libpcap: one socket option filters the Ethernet
// type in the kernel, and nothing else of libpcap is needed. 802.1Q-tagged
// frames (9-2LE: priority 4) reach the socket when the card strips the tag
// (rx-vlan-offload, on by default for Linux NICs and veth); the decoder also
// reads a tag left in the frame. Needs
// CAP_NET_RAW (root, or the systemd unit in deploy/).
#ifndef PQA_HOST_SV_SV_SOCKET_H_
#define PQA_HOST_SV_SV_SOCKET_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "host/common/time.h"

namespace pqa::sv {

struct ReceivedFrame {
  std::vector<std::uint8_t> bytes;  // from the destination address on
  TimeNs received = 0;              // kernel reception time, ns UTC (CLOCK_REALTIME)
};

class SvSocket {
 public:
  // Opens the interface for sampled values. `receive_buffer_bytes` > 0 asks
  // the kernel for that much receive buffer (bursts while the analyzer is busy).
  static absl::StatusOr<SvSocket> Open(const std::string& interface, int receive_buffer_bytes = 0);
  SvSocket(SvSocket&& other) noexcept;
  SvSocket& operator=(SvSocket&& other) noexcept;
  SvSocket(const SvSocket&) = delete;
  ~SvSocket();

  absl::Status Send(std::span<const std::uint8_t> frame);
  // Fills `frames` (resized to what arrived, at most `max`), waiting up to
  // `timeout_ms` for the first. Zero frames after the timeout is not an error.
  absl::Status Receive(std::vector<ReceivedFrame>& frames, int max, int timeout_ms);
  // Frames the kernel dropped because the receive buffer was full, since the last call.
  std::int64_t TakeKernelDrops();

  const std::array<std::uint8_t, 6>& mac() const { return mac_; }
  const std::string& interface() const { return interface_; }

 private:
  SvSocket(int fd, int ifindex, std::string interface)
      : fd_(fd), ifindex_(ifindex), interface_(std::move(interface)) {}
  int fd_ = -1;
  int ifindex_ = 0;
  std::string interface_;
  std::array<std::uint8_t, 6> mac_{};
};

}  // namespace pqa::sv

#endif  // PQA_HOST_SV_SV_SOCKET_H_
