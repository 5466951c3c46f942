#include "host/sv/sv_socket.h"

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "host/common/clocks.h"
#include "host/sv/sv_frame.h"

namespace pqa::sv {
namespace {

constexpr std::size_t kMaxFrame = 1600;  // Ethernet MTU 1500 + headers and a VLAN tag

absl::Status Errno(const std::string& what, const std::string& interface) {
  const int e = errno;
  std::string hint;
  if (e == EPERM || e == EACCES) {
    hint = " (a raw socket needs CAP_NET_RAW: run as root, or through deploy/pqa-analyze@.service)";
  } else if (e == ENODEV || e == ENXIO) {
    hint = " (no such interface: `ip link` lists them)";
  }
  return absl::UnavailableError(absl::StrCat(interface, ": ", what, ": ", std::strerror(e), hint));
}

}  // namespace

absl::StatusOr<SvSocket> SvSocket::Open(const std::string& interface, int receive_buffer_bytes) {
  if (interface.empty() || interface.size() >= IFNAMSIZ) {
    return absl::InvalidArgumentError(
        absl::StrCat("interface '", interface, "': expected a network interface name"));
  }
  const int fd = ::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(kEtherTypeSv));
  if (fd < 0) return Errno("cannot open a raw socket", interface);
  SvSocket s(fd, 0, interface);
  ifreq ifr{};
  std::memcpy(ifr.ifr_name, interface.c_str(), interface.size());
  if (::ioctl(fd, SIOCGIFINDEX, &ifr) < 0) return Errno("cannot find the interface", interface);
  s.ifindex_ = ifr.ifr_ifindex;
  if (::ioctl(fd, SIOCGIFHWADDR, &ifr) == 0) {
    std::memcpy(s.mac_.data(), ifr.ifr_hwaddr.sa_data, 6);
  }
  sockaddr_ll addr{};
  addr.sll_family = AF_PACKET;
  addr.sll_protocol = htons(kEtherTypeSv);
  addr.sll_ifindex = s.ifindex_;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) {
    return Errno("cannot bind the raw socket", interface);
  }
  const int on = 1;
  if (::setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) < 0) {
    return Errno("cannot ask for reception times", interface);
  }
  if (receive_buffer_bytes > 0) {
    // FORCE goes past net.core.rmem_max with CAP_NET_ADMIN; without it the
    // plain option gets what the system allows.
    if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &receive_buffer_bytes,
                     sizeof receive_buffer_bytes) < 0) {
      ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer_bytes, sizeof receive_buffer_bytes);
    }
  }
  // Multicast destinations (01-0C-CD-04-xx-xx) reach the socket only when
  // the card accepts them: all-multicast on this interface, for this socket.
  packet_mreq mreq{};
  mreq.mr_ifindex = s.ifindex_;
  mreq.mr_type = PACKET_MR_ALLMULTI;
  ::setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mreq, sizeof mreq);
  return s;
}

SvSocket::SvSocket(SvSocket&& other) noexcept
    : fd_(other.fd_),
      ifindex_(other.ifindex_),
      interface_(std::move(other.interface_)),
      mac_(other.mac_) {
  other.fd_ = -1;
}

SvSocket& SvSocket::operator=(SvSocket&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    ifindex_ = other.ifindex_;
    interface_ = std::move(other.interface_);
    mac_ = other.mac_;
    other.fd_ = -1;
  }
  return *this;
}

SvSocket::~SvSocket() {
  if (fd_ >= 0) ::close(fd_);
}

absl::Status SvSocket::Send(std::span<const std::uint8_t> frame) {
  while (true) {
    const ssize_t n = ::send(fd_, frame.data(), frame.size(), 0);
    if (n == static_cast<ssize_t>(frame.size())) return absl::OkStatus();
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == ENOBUFS) {
      // The interface queue is full: wait for it rather than lose the frame.
      ::usleep(50);
      continue;
    }
    return Errno("cannot send a frame", interface_);
  }
}

absl::Status SvSocket::Receive(std::vector<ReceivedFrame>& frames, int max, int timeout_ms) {
  frames.resize(static_cast<std::size_t>(max));
  pollfd p{fd_, POLLIN, 0};
  const int ready = ::poll(&p, 1, timeout_ms);
  if (ready < 0 && errno != EINTR) return Errno("cannot wait for frames", interface_);
  if (ready <= 0) {
    frames.clear();
    return absl::OkStatus();
  }
  std::vector<mmsghdr> headers(max);
  std::vector<iovec> iov(max);
  std::vector<std::array<char, CMSG_SPACE(sizeof(timespec))>> control(max);
  for (int i = 0; i < max; ++i) {
    frames[i].bytes.resize(kMaxFrame);
    iov[i] = {frames[i].bytes.data(), kMaxFrame};
    headers[i] = {};
    headers[i].msg_hdr.msg_iov = &iov[i];
    headers[i].msg_hdr.msg_iovlen = 1;
    headers[i].msg_hdr.msg_control = control[i].data();
    headers[i].msg_hdr.msg_controllen = control[i].size();
  }
  const int n = ::recvmmsg(fd_, headers.data(), static_cast<unsigned>(max), MSG_DONTWAIT, nullptr);
  if (n < 0) {
    frames.clear();
    if (errno == EAGAIN || errno == EINTR) return absl::OkStatus();
    return Errno("cannot receive frames", interface_);
  }
  const TimeNs received = RealTimeNs();
  for (int i = 0; i < n; ++i) {
    frames[i].bytes.resize(headers[i].msg_len);
    frames[i].received = received;
    for (cmsghdr* c = CMSG_FIRSTHDR(&headers[i].msg_hdr); c != nullptr;
         c = CMSG_NXTHDR(&headers[i].msg_hdr, c)) {
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
        timespec ts;
        std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
        frames[i].received = TimeNsOf(ts);
      }
    }
  }
  frames.resize(static_cast<std::size_t>(n));
  return absl::OkStatus();
}

std::int64_t SvSocket::TakeKernelDrops() {
  tpacket_stats stats{};
  socklen_t len = sizeof stats;
  if (::getsockopt(fd_, SOL_PACKET, PACKET_STATISTICS, &stats, &len) < 0) return 0;
  return stats.tp_drops;  // the kernel resets the counters on every read
}

}  // namespace pqa::sv
