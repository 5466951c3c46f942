// pqa_make_xclbin: writes a minimal xclbin (the axlf container XRT loads)
// that declares pqa's two kernels, their compute units, their arguments and
// one memory bank, but carries no bitstream. It exists so that the XRT
// backend's host plumbing (load, kernel and argument look-up, buffer
// objects, runs) can be exercised without Vitis and without a card, through
// XRT's no-op shim (XCL_EMULATION_MODE=noop). A real xclbin comes from
// `v++ -l` (hls/vitis/*.cfg) and replaces this one on a card.
//
//   pqa_make_xclbin --out FILE [--flicker-cus N] [--omit-kernel NAME]
//                   [--rename-arg KERNEL:INDEX:NAME]
//
// The argument tables below are written from the kernels' C signatures
// (hls/kernels/window_kernel.h, hls/kernels/flicker_kernel.h) and the
// interface pragmas of hls/kernels/*.cc (gmem0 for samples, gmem1 for the
// rest, scalars on the s_axilite control port); the register offsets follow
// Vitis HLS's layout (64-bit pointers 12 bytes apart from 0x10, scalars 8).
// The axlf structures come from XRT's own header (xrt/xclbin.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "xclbin.h"

namespace {

struct ArgSpec {
  std::string name;
  bool global;       // a pointer to device memory (addressQualifier 1), else a scalar (0)
  const char* type;  // the C type, as v++ writes it
  const char* port;  // the AXI port it travels on
  unsigned offset;   // control register offset, bytes
};

struct KernelSpec {
  std::string name;
  std::vector<ArgSpec> args;
  std::vector<std::string> instances;  // compute unit names
};

constexpr unsigned kCuBase = 0x1800000;  // first compute unit's control registers
constexpr unsigned kCuStride = 0x10000;  // 64 KiB of registers per compute unit

std::vector<KernelSpec> PqaKernels(int flicker_cus) {
  KernelSpec window{"pqa_window_kernel",
                    {{"samples", true, "float const*", "M_AXI_GMEM0", 0x10},
                     {"jobs", true, "WindowJob const*", "M_AXI_GMEM1", 0x1c},
                     {"coefficients", true, "float const*", "M_AXI_GMEM1", 0x28},
                     {"out", true, "WindowOutput*", "M_AXI_GMEM1", 0x34},
                     {"n_jobs", false, "unsigned int", "S_AXI_CONTROL", 0x40},
                     {"taps", false, "unsigned int", "S_AXI_CONTROL", 0x48},
                     {"phases", false, "unsigned int", "S_AXI_CONTROL", 0x50}},
                    {"window_1"}};
  KernelSpec flicker{"pqa_flicker_kernel",
                     {{"samples", true, "float const*", "M_AXI_GMEM0", 0x10},
                      {"n", false, "unsigned int", "S_AXI_CONTROL", 0x1c},
                      {"coefficients", true, "FlickerCoefficients const*", "M_AXI_GMEM1", 0x24},
                      {"state", true, "FlickerState*", "M_AXI_GMEM1", 0x30},
                      {"pinst", true, "float*", "M_AXI_GMEM1", 0x3c},
                      {"histogram", true, "unsigned int*", "M_AXI_GMEM1", 0x48},
                      {"classify_from", false, "unsigned int", "S_AXI_CONTROL", 0x54}},
                     {}};
  for (int i = 0; i < flicker_cus; ++i)
    flicker.instances.push_back("flicker_" + std::to_string(i + 1));
  return {window, flicker};
}

// EMBEDDED_METADATA: the XML XRT reads kernel names and arguments from.
std::string MetadataXml(const std::vector<KernelSpec>& kernels) {
  std::ostringstream x;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
       "<project name=\"pqa\">\n"
       "  <platform vendor=\"pqa\" boardid=\"noop\" name=\"pqa_noop_test\" featureRomTime=\"0\">\n"
       "    <version major=\"1\" minor=\"0\"/>\n"
       "    <device name=\"fpga0\" fpgaDevice=\"none\" addrWidth=\"0\">\n"
       "      <core name=\"OCL_REGION_0\" target=\"hw\" type=\"clc_region\" "
       "clockFreq=\"250MHz\">\n";
  unsigned cu = 0;
  for (const KernelSpec& k : kernels) {
    x << "        <kernel name=\"" << k.name << "\" language=\"c\" vlnv=\"xilinx.com:hls:" << k.name
      << ":1.0\" hwControlProtocol=\"ap_ctrl_chain\">\n"
         "          <port name=\"M_AXI_GMEM0\" mode=\"master\" range=\"0xFFFFFFFF\" "
         "dataWidth=\"32\" portType=\"addressable\" base=\"0x0\"/>\n"
         "          <port name=\"M_AXI_GMEM1\" mode=\"master\" range=\"0xFFFFFFFF\" "
         "dataWidth=\"32\" portType=\"addressable\" base=\"0x0\"/>\n"
         "          <port name=\"S_AXI_CONTROL\" mode=\"slave\" range=\"0x1000\" dataWidth=\"32\" "
         "portType=\"addressable\" base=\"0x0\"/>\n";
    for (std::size_t i = 0; i < k.args.size(); ++i) {
      const ArgSpec& a = k.args[i];
      const unsigned size = a.global ? 8 : 4;
      x << "          <arg name=\"" << a.name << "\" addressQualifier=\"" << (a.global ? 1 : 0)
        << "\" id=\"" << i << "\" port=\"" << a.port << "\" size=\"0x" << std::hex << size
        << "\" offset=\"0x" << a.offset << "\" hostOffset=\"0x0\" hostSize=\"0x" << size << std::dec
        << "\" type=\"" << a.type << "\"/>\n";
    }
    for (const std::string& inst : k.instances) {
      x << "          <instance name=\"" << inst << "\">\n"
        << "            <addrRemap base=\"0x" << std::hex << kCuBase + cu * kCuStride << std::dec
        << "\" range=\"0x10000\" port=\"S_AXI_CONTROL\"/>\n"
        << "          </instance>\n";
      ++cu;
    }
    x << "        </kernel>\n";
  }
  x << "      </core>\n    </device>\n  </platform>\n</project>\n";
  return x.str();
}

template <typename T>
void Append(std::vector<char>& out, const T& value) {
  const char* p = reinterpret_cast<const char*>(&value);
  out.insert(out.end(), p, p + sizeof(T));
}

// MEM_TOPOLOGY: one DDR4 bank every argument is connected to.
std::vector<char> MemTopology() {
  std::vector<char> s;
  Append(s, std::int32_t{1});
  s.resize(offsetof(mem_topology, m_mem_data));
  mem_data bank{};
  bank.m_type = MEM_DDR4;
  bank.m_used = 1;
  bank.m_size = 4ull * 1024 * 1024;  // KiB: 4 GiB
  bank.m_base_address = 0x4000000000ull;
  std::strncpy(reinterpret_cast<char*>(bank.m_tag), "bank0", sizeof(bank.m_tag) - 1);
  Append(s, bank);
  return s;
}

// IP_LAYOUT: one IP_KERNEL entry per compute unit, "kernel:instance",
// sorted by base address, ap_ctrl_chain with an interrupt each.
std::vector<char> IpLayout(const std::vector<KernelSpec>& kernels) {
  std::vector<ip_data> ips;
  for (const KernelSpec& k : kernels) {
    for (const std::string& inst : k.instances) {
      ip_data ip{};
      ip.m_type = IP_KERNEL;
      const auto id = static_cast<std::uint32_t>(ips.size());
      ip.properties = IP_INT_ENABLE_MASK | ((id << IP_INTERRUPT_ID_SHIFT) & IP_INTERRUPT_ID_MASK) |
                      (AP_CTRL_CHAIN << IP_CONTROL_SHIFT);
      ip.m_base_address = kCuBase + id * kCuStride;
      const std::string name = k.name + ":" + inst;
      std::strncpy(reinterpret_cast<char*>(ip.m_name), name.c_str(), sizeof(ip.m_name) - 1);
      ips.push_back(ip);
    }
  }
  std::vector<char> s;
  Append(s, static_cast<std::int32_t>(ips.size()));
  s.resize(offsetof(ip_layout, m_ip_data));
  for (const ip_data& ip : ips) Append(s, ip);
  return s;
}

// CONNECTIVITY: every pointer argument of every compute unit to bank 0.
std::vector<char> Connectivity(const std::vector<KernelSpec>& kernels) {
  std::vector<connection> links;
  std::int32_t ip_index = 0;
  for (const KernelSpec& k : kernels) {
    for (std::size_t c = 0; c < k.instances.size(); ++c, ++ip_index) {
      for (std::size_t i = 0; i < k.args.size(); ++i) {
        if (k.args[i].global) links.push_back({static_cast<std::int32_t>(i), ip_index, 0});
      }
    }
  }
  std::vector<char> s;
  Append(s, static_cast<std::int32_t>(links.size()));
  s.resize(offsetof(connectivity, m_connection));
  for (const connection& c : links) Append(s, c);
  return s;
}

struct Section {
  axlf_section_kind kind;
  const char* name;
  std::vector<char> data;
};

std::vector<char> Axlf(const std::vector<Section>& sections) {
  const std::size_t header_size =
      sizeof(axlf) + (sections.size() - 1) * sizeof(axlf_section_header);
  auto align8 = [](std::size_t n) { return (n + 7) & ~std::size_t{7}; };
  std::vector<char> file(align8(header_size), '\0');
  std::vector<axlf_section_header> headers;
  for (const Section& s : sections) {
    axlf_section_header h{};
    h.m_sectionKind = s.kind;
    std::strncpy(h.m_sectionName, s.name, sizeof(h.m_sectionName) - 1);
    h.m_sectionOffset = file.size();
    h.m_sectionSize = s.data.size();
    file.insert(file.end(), s.data.begin(), s.data.end());
    file.resize(align8(file.size()), '\0');
    headers.push_back(h);
  }
  axlf top{};
  std::memcpy(top.m_magic, "xclbin2", 8);
  top.m_signature_length = -1;
  std::memset(top.reserved, 0xFF, sizeof(top.reserved));
  std::memset(top.m_keyBlock, 0xFF, sizeof(top.m_keyBlock));
  top.m_uniqueId = 0x7071615f6e6f6f70ull;  // "pqa_noop"
  top.m_header.m_length = file.size();
  top.m_header.m_versionMajor = 2;
  top.m_header.m_versionMinor = 13;
  top.m_header.m_mode = XCLBIN_FLAT;
  std::strncpy(reinterpret_cast<char*>(top.m_header.m_platformVBNV), "pqa:noop:test:1.0",
               sizeof(top.m_header.m_platformVBNV) - 1);
  // A fixed UUID: the same metadata always names the same "design".
  const unsigned char uuid[16] = {0x70, 0x71, 0x61, 0x2d, 0x6e, 0x6f, 0x6f, 0x70,
                                  0x2d, 0x78, 0x63, 0x6c, 0x62, 0x69, 0x6e, 0x01};
  std::memcpy(top.m_header.uuid, uuid, sizeof(uuid));
  top.m_header.m_numSections = static_cast<std::uint32_t>(sections.size());
  std::memcpy(file.data(), &top, sizeof(axlf) - sizeof(axlf_section_header));
  std::memcpy(file.data() + offsetof(axlf, m_sections), headers.data(),
              headers.size() * sizeof(axlf_section_header));
  return file;
}

int Usage() {
  std::cerr << "usage: pqa_make_xclbin --out FILE [--flicker-cus N] [--omit-kernel NAME]\n"
               "                       [--rename-arg KERNEL:INDEX:NAME]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string out;
  int flicker_cus = 1;
  std::vector<std::string> omit;
  std::vector<std::string> renames;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) return Usage();
    const std::string v = argv[++i];
    if (a == "--out") {
      out = v;
    } else if (a == "--flicker-cus") {
      flicker_cus = std::atoi(v.c_str());
      if (flicker_cus < 1 || flicker_cus > 8) return Usage();
    } else if (a == "--omit-kernel") {
      omit.push_back(v);
    } else if (a == "--rename-arg") {
      renames.push_back(v);
    } else {
      return Usage();
    }
  }
  if (out.empty()) return Usage();

  std::vector<KernelSpec> kernels;
  for (KernelSpec& k : PqaKernels(flicker_cus)) {
    bool keep = true;
    for (const std::string& o : omit) keep = keep && o != k.name;
    if (keep) kernels.push_back(k);
  }
  for (const std::string& r : renames) {
    const auto c1 = r.find(':');
    const auto c2 = r.find(':', c1 == std::string::npos ? c1 : c1 + 1);
    if (c1 == std::string::npos || c2 == std::string::npos) return Usage();
    const std::string kernel = r.substr(0, c1);
    const auto index = static_cast<std::size_t>(std::atoi(r.substr(c1 + 1, c2 - c1 - 1).c_str()));
    bool found = false;
    for (KernelSpec& k : kernels) {
      if (k.name == kernel && index < k.args.size()) {
        k.args[index].name = r.substr(c2 + 1);
        found = true;
      }
    }
    if (!found) return Usage();
  }

  const std::string xml = MetadataXml(kernels);
  const std::vector<char> file =
      Axlf({{MEM_TOPOLOGY, "mem_topology", MemTopology()},
            {IP_LAYOUT, "ip_layout", IpLayout(kernels)},
            {CONNECTIVITY, "connectivity", Connectivity(kernels)},
            {EMBEDDED_METADATA, "runtime_data", std::vector<char>(xml.begin(), xml.end())}});
  std::ofstream f(out, std::ios::binary);
  f.write(file.data(), static_cast<std::streamsize>(file.size()));
  if (!f) {
    std::cerr << "pqa_make_xclbin: cannot write " << out << "\n";
    return 1;
  }
  return 0;
}
