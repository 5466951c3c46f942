// Minimal stand-in for Vitis HLS's hls::stream, written for pqa so that the
// kernels under hls/ compile with g++ on machines without Vitis. It models
// the semantics the kernels rely on (FIFO order, blocking read on an empty
// stream is a bug, optional depth bound for the non-blocking calls); it is
// not the vendor header and knows nothing of synthesis. With Vitis present,
// CMake puts the real include directory first and this file is never seen.
#ifndef PQA_HLS_SHIM_HLS_STREAM_H_
#define PQA_HLS_SHIM_HLS_STREAM_H_

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>

namespace hls {

template <typename T, std::size_t Depth = 0>
class stream {
 public:
  stream() = default;
  explicit stream(const char* name) : name_(name) {}
  stream(const stream&) = delete;
  stream& operator=(const stream&) = delete;

  bool empty() const { return fifo_.empty(); }
  // Depth 0 means unbounded, as in C simulation of an unsized stream.
  bool full() const { return Depth != 0 && fifo_.size() >= Depth; }
  std::size_t size() const { return fifo_.size(); }

  void write(const T& v) { fifo_.push_back(v); }
  bool write_nb(const T& v) {
    if (full()) return false;
    fifo_.push_back(v);
    return true;
  }
  // A blocking read of an empty stream would deadlock the hardware; in a
  // software build it is a kernel bug, so fail loudly instead of inventing data.
  T read() {
    if (fifo_.empty()) {
      std::fprintf(stderr, "hls::stream '%s': read while empty (kernel dataflow bug)\n",
                   name_.c_str());
      std::abort();
    }
    T v = fifo_.front();
    fifo_.pop_front();
    return v;
  }
  bool read_nb(T& v) {
    if (fifo_.empty()) return false;
    v = fifo_.front();
    fifo_.pop_front();
    return true;
  }
  void read(T& v) { v = read(); }
  stream& operator<<(const T& v) {
    write(v);
    return *this;
  }
  stream& operator>>(T& v) {
    v = read();
    return *this;
  }

 private:
  std::string name_ = "unnamed";
  std::deque<T> fifo_;
};

}  // namespace hls

#endif  // PQA_HLS_SHIM_HLS_STREAM_H_
