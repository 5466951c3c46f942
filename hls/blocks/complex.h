// A complex value as two named members: what an AXI stream or a BRAM word
// carries, without std::complex's operators that HLS cannot always pipeline.
#ifndef PQA_HLS_BLOCKS_COMPLEX_H_
#define PQA_HLS_BLOCKS_COMPLEX_H_

namespace pqa {
namespace kernels {

template <typename T>
struct cplx {
  T re;
  T im;
};

}  // namespace kernels
}  // namespace pqa

#endif  // PQA_HLS_BLOCKS_COMPLEX_H_
