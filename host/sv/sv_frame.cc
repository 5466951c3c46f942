#include "host/sv/sv_frame.h"

#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"

namespace pqa::sv {
namespace {

// ASN.1 BER context tags of the savPdu (IEC 61850-9-2 8.5.2, table 14).
constexpr std::uint8_t kTagSavPdu = 0x60;
constexpr std::uint8_t kTagNoAsdu = 0x80;
constexpr std::uint8_t kTagSeqAsdu = 0xA2;
constexpr std::uint8_t kTagAsdu = 0x30;
constexpr std::uint8_t kTagSvId = 0x80;
constexpr std::uint8_t kTagDatSet = 0x81;
constexpr std::uint8_t kTagSmpCnt = 0x82;
constexpr std::uint8_t kTagConfRev = 0x83;
constexpr std::uint8_t kTagRefrTm = 0x84;
constexpr std::uint8_t kTagSmpSynch = 0x85;
constexpr std::uint8_t kTagSmpRate = 0x86;
constexpr std::uint8_t kTagSeqData = 0x87;
constexpr std::size_t kSeqDataBytes = kDatasetChannels * 8;

void PutLength(std::vector<std::uint8_t>& out, std::size_t n) {
  // X.690 8.1.3: short form below 128, else long form with 1 or 2 octets.
  if (n < 0x80) {
    out.push_back(static_cast<std::uint8_t>(n));
  } else if (n <= 0xFF) {
    out.push_back(0x81);
    out.push_back(static_cast<std::uint8_t>(n));
  } else {
    out.push_back(0x82);
    out.push_back(static_cast<std::uint8_t>(n >> 8));
    out.push_back(static_cast<std::uint8_t>(n));
  }
}

void PutBig(std::vector<std::uint8_t>& out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void PutTlv(std::vector<std::uint8_t>& out, std::uint8_t tag,
            const std::vector<std::uint8_t>& value) {
  out.push_back(tag);
  PutLength(out, value.size());
  out.insert(out.end(), value.begin(), value.end());
}

void PutFixed(std::vector<std::uint8_t>& out, std::uint8_t tag, std::uint64_t v, int bytes) {
  out.push_back(tag);
  out.push_back(static_cast<std::uint8_t>(bytes));
  PutBig(out, v, bytes);
}

std::vector<std::uint8_t> EncodeAsdu(const SvAsdu& a) {
  std::vector<std::uint8_t> body;
  body.reserve(160);
  PutTlv(body, kTagSvId, std::vector<std::uint8_t>(a.sv_id.begin(), a.sv_id.end()));
  if (a.dat_set) {
    PutTlv(body, kTagDatSet, std::vector<std::uint8_t>(a.dat_set->begin(), a.dat_set->end()));
  }
  PutFixed(body, kTagSmpCnt, a.smp_cnt, 2);
  PutFixed(body, kTagConfRev, a.conf_rev, 4);
  if (a.refr_tm) {
    body.push_back(kTagRefrTm);
    body.push_back(8);
    PutBig(body, a.refr_tm->seconds, 4);
    PutBig(body, a.refr_tm->fraction, 3);
    body.push_back(a.refr_tm->quality);
  }
  PutFixed(body, kTagSmpSynch, a.smp_synch, 1);
  if (a.smp_rate) PutFixed(body, kTagSmpRate, *a.smp_rate, 2);
  body.push_back(kTagSeqData);
  body.push_back(kSeqDataBytes);
  for (int c = 0; c < kDatasetChannels; ++c) {
    PutBig(body, static_cast<std::uint32_t>(a.values[c]), 4);
    PutBig(body, a.quality[c], 4);
  }
  std::vector<std::uint8_t> out;
  PutTlv(out, kTagAsdu, body);
  return out;
}

// A bounds-checked reader over the frame; every error names the field and
// the byte offset from the start of the frame.
class Reader {
 public:
  Reader(std::span<const std::uint8_t> bytes, std::size_t begin, std::size_t end)
      : bytes_(bytes), pos_(begin), end_(end) {}
  std::size_t pos() const { return pos_; }
  std::size_t end() const { return end_; }
  bool done() const { return pos_ >= end_; }

  absl::Status Fail(const std::string& field, const std::string& what) const {
    return absl::InvalidArgumentError(
        absl::StrCat("sampled-values frame: ", field, " at byte ", pos_, ": ", what));
  }
  absl::StatusOr<std::uint64_t> Big(int n, const std::string& field) {
    if (end_ - pos_ < static_cast<std::size_t>(n)) return Fail(field, "truncated");
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i) v = (v << 8) | bytes_[pos_++];
    return v;
  }
  // Reads a tag and a definite length; returns the value's extent.
  absl::StatusOr<Reader> Tlv(std::uint8_t* tag, const std::string& field) {
    if (end_ - pos_ < 2) return Fail(field, "truncated tag or length");
    *tag = bytes_[pos_++];
    std::size_t n = bytes_[pos_++];
    if (n == 0x80) return Fail(field, "indefinite length is not allowed");
    if (n > 0x80) {
      const int octets = static_cast<int>(n - 0x80);
      if (octets > 2) return Fail(field, "length of more than 2 octets");
      absl::StatusOr<std::uint64_t> v = Big(octets, field);
      if (!v.ok()) return v.status();
      n = static_cast<std::size_t>(*v);
    }
    if (end_ - pos_ < n) {
      return Fail(field,
                  absl::StrCat("length ", n, " runs past the end (", end_ - pos_, " bytes left)"));
    }
    Reader inner(bytes_, pos_, pos_ + n);
    pos_ += n;
    return inner;
  }
  std::string Text() const {
    return std::string(reinterpret_cast<const char*>(bytes_.data()) + pos_, end_ - pos_);
  }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t pos_;
  std::size_t end_;
};

absl::StatusOr<std::uint64_t> FixedValue(Reader& value, int bytes, const std::string& field) {
  if (value.end() - value.pos() != static_cast<std::size_t>(bytes)) {
    return value.Fail(
        field, absl::StrCat("expected ", bytes, " bytes, found ", value.end() - value.pos()));
  }
  return value.Big(bytes, field);
}

absl::StatusOr<SvAsdu> DecodeAsdu(Reader& r, int index) {
  SvAsdu a;
  const std::string where = absl::StrCat("ASDU ", index + 1, " ");
  bool have_id = false, have_cnt = false, have_rev = false, have_synch = false, have_data = false;
  while (!r.done()) {
    std::uint8_t tag = 0;
    absl::StatusOr<Reader> v = r.Tlv(&tag, where + "field");
    if (!v.ok()) return v.status();
    switch (tag) {
      case kTagSvId:
        a.sv_id = v->Text();
        if (a.sv_id.empty()) return v->Fail(where + "svID", "empty");
        have_id = true;
        break;
      case kTagDatSet:
        a.dat_set = v->Text();
        break;
      case kTagSmpCnt: {
        absl::StatusOr<std::uint64_t> n = FixedValue(*v, 2, where + "smpCnt");
        if (!n.ok()) return n.status();
        a.smp_cnt = static_cast<std::uint16_t>(*n);
        have_cnt = true;
        break;
      }
      case kTagConfRev: {
        absl::StatusOr<std::uint64_t> n = FixedValue(*v, 4, where + "confRev");
        if (!n.ok()) return n.status();
        a.conf_rev = static_cast<std::uint32_t>(*n);
        have_rev = true;
        break;
      }
      case kTagRefrTm: {
        absl::StatusOr<std::uint64_t> n = FixedValue(*v, 8, where + "refrTm");
        if (!n.ok()) return n.status();
        a.refr_tm = UtcTime{static_cast<std::uint32_t>(*n >> 32),
                            static_cast<std::uint32_t>((*n >> 8) & 0xFFFFFF),
                            static_cast<std::uint8_t>(*n & 0xFF)};
        break;
      }
      case kTagSmpSynch: {
        absl::StatusOr<std::uint64_t> n = FixedValue(*v, 1, where + "smpSynch");
        if (!n.ok()) return n.status();
        a.smp_synch = static_cast<std::uint8_t>(*n);
        have_synch = true;
        break;
      }
      case kTagSmpRate: {
        absl::StatusOr<std::uint64_t> n = FixedValue(*v, 2, where + "smpRate");
        if (!n.ok()) return n.status();
        a.smp_rate = static_cast<std::uint16_t>(*n);
        break;
      }
      case kTagSeqData: {
        if (v->end() - v->pos() != kSeqDataBytes) {
          return v->Fail(where + "seqData",
                         absl::StrCat("expected the 9-2LE dataset of 8 values and qualities (",
                                      kSeqDataBytes, " bytes), found ", v->end() - v->pos()));
        }
        for (int c = 0; c < kDatasetChannels; ++c) {
          a.values[c] = static_cast<std::int32_t>(static_cast<std::uint32_t>(*v->Big(4, "")));
          a.quality[c] = static_cast<std::uint32_t>(*v->Big(4, ""));
        }
        have_data = true;
        break;
      }
      default:
        break;  // smpMod, gmIdentity and later additions: not needed here
    }
  }
  for (auto [have, name] :
       {std::pair{have_id, "svID"}, std::pair{have_cnt, "smpCnt"}, std::pair{have_rev, "confRev"},
        std::pair{have_synch, "smpSynch"}, std::pair{have_data, "seqData"}}) {
    if (!have) return r.Fail(where + name, "missing");
  }
  return a;
}

}  // namespace

UtcTime UtcTime::FromTime(TimeNs t) {
  UtcTime u;
  const TimeNs s = FloorTo(t, kNsPerSecond);
  u.seconds = static_cast<std::uint32_t>(s / kNsPerSecond);
  u.fraction = static_cast<std::uint32_t>(((t - s) << 24) / kNsPerSecond);
  u.quality = 0x18;  // 24 bits of accuracy claimed: the recording's own timestamps
  return u;
}

TimeNs UtcTime::ToTime() const {
  return static_cast<TimeNs>(seconds) * kNsPerSecond +
         ((static_cast<TimeNs>(fraction) * kNsPerSecond + (1 << 23)) >> 24);
}

absl::StatusOr<std::vector<std::uint8_t>> EncodeSvFrame(const SvFrame& frame) {
  if (frame.asdus.empty() || frame.asdus.size() > 255) {
    return absl::InvalidArgumentError(
        absl::StrCat("a sampled-values frame carries 1..255 ASDUs, not ", frame.asdus.size()));
  }
  std::vector<std::uint8_t> seq;
  for (const SvAsdu& a : frame.asdus) {
    if (a.sv_id.empty() || a.sv_id.size() > 129) {
      return absl::InvalidArgumentError(
          absl::StrCat("svID '", a.sv_id, "': expected 1..129 characters (IEC 61850-9-2)"));
    }
    const std::vector<std::uint8_t> asdu = EncodeAsdu(a);
    seq.insert(seq.end(), asdu.begin(), asdu.end());
  }
  std::vector<std::uint8_t> pdu_body;
  PutFixed(pdu_body, kTagNoAsdu, frame.asdus.size(), 1);
  PutTlv(pdu_body, kTagSeqAsdu, seq);
  std::vector<std::uint8_t> pdu;
  PutTlv(pdu, kTagSavPdu, pdu_body);

  std::vector<std::uint8_t> out;
  out.reserve(26 + pdu.size());
  out.insert(out.end(), frame.destination.begin(), frame.destination.end());
  out.insert(out.end(), frame.source.begin(), frame.source.end());
  if (frame.vlan_tci) {
    PutBig(out, kEtherTypeVlan, 2);
    PutBig(out, *frame.vlan_tci, 2);
  }
  PutBig(out, kEtherTypeSv, 2);
  PutBig(out, frame.app_id, 2);
  PutBig(out, 8 + pdu.size(), 2);  // 9-2 8.2.3: from APPID to the end of the APDU
  PutBig(out, frame.simulated ? 0x8000 : 0, 2);
  PutBig(out, 0, 2);
  out.insert(out.end(), pdu.begin(), pdu.end());
  return out;
}

namespace {
// Offset of the APPID, or 0 when `bytes` is not a sampled-values frame.
std::size_t SvHeaderOffset(std::span<const std::uint8_t> bytes, std::optional<std::uint16_t>* tci) {
  if (bytes.size() < 14) return 0;
  std::size_t at = 12;
  std::uint16_t type = static_cast<std::uint16_t>(bytes[at] << 8 | bytes[at + 1]);
  if (type == kEtherTypeVlan) {
    if (bytes.size() < 18) return 0;
    if (tci) *tci = static_cast<std::uint16_t>(bytes[14] << 8 | bytes[15]);
    at = 16;
    type = static_cast<std::uint16_t>(bytes[at] << 8 | bytes[at + 1]);
  }
  return type == kEtherTypeSv ? at + 2 : 0;
}
}  // namespace

std::optional<std::uint16_t> PeekAppId(std::span<const std::uint8_t> bytes) {
  const std::size_t at = SvHeaderOffset(bytes, nullptr);
  if (at == 0 || bytes.size() < at + 2) return std::nullopt;
  return static_cast<std::uint16_t>(bytes[at] << 8 | bytes[at + 1]);
}

absl::StatusOr<SvFrame> DecodeSvFrame(std::span<const std::uint8_t> bytes) {
  SvFrame f;
  const std::size_t at = SvHeaderOffset(bytes, &f.vlan_tci);
  if (at == 0) return absl::NotFoundError("not an IEC 61850-9-2 sampled-values frame");
  std::copy_n(bytes.begin(), 6, f.destination.begin());
  std::copy_n(bytes.begin() + 6, 6, f.source.begin());
  Reader header(bytes, at, bytes.size());
  auto app_id = header.Big(2, "APPID");
  if (!app_id.ok()) return app_id.status();
  f.app_id = static_cast<std::uint16_t>(*app_id);
  auto length = header.Big(2, "Length");
  if (!length.ok()) return length.status();
  // The card may pad a short frame to 60 bytes: Length bounds the APDU.
  if (*length < 8 || at + *length > bytes.size()) {
    return header.Fail(
        "Length", absl::StrCat(*length, " does not fit the frame of ", bytes.size(), " bytes"));
  }
  auto reserved1 = header.Big(2, "Reserved1");
  if (!reserved1.ok()) return reserved1.status();
  f.simulated = (*reserved1 & 0x8000) != 0;
  if (auto r2 = header.Big(2, "Reserved2"); !r2.ok()) return r2.status();
  Reader apdu(bytes, header.pos(), at + *length);
  std::uint8_t tag = 0;
  absl::StatusOr<Reader> pdu = apdu.Tlv(&tag, "savPdu");
  if (!pdu.ok()) return pdu.status();
  if (tag != kTagSavPdu) return apdu.Fail("savPdu", absl::StrCat("tag 0x", absl::Hex(tag)));
  absl::StatusOr<Reader> no = pdu->Tlv(&tag, "noASDU");
  if (!no.ok()) return no.status();
  if (tag != kTagNoAsdu) return no->Fail("noASDU", absl::StrCat("tag 0x", absl::Hex(tag)));
  absl::StatusOr<std::uint64_t> count = FixedValue(*no, 1, "noASDU");
  if (!count.ok()) return count.status();
  if (*count == 0) return no->Fail("noASDU", "zero");
  absl::StatusOr<Reader> seq = pdu->Tlv(&tag, "seqASDU");
  if (!seq.ok()) return seq.status();
  if (tag != kTagSeqAsdu) return seq->Fail("seqASDU", absl::StrCat("tag 0x", absl::Hex(tag)));
  for (int i = 0; !seq->done(); ++i) {
    absl::StatusOr<Reader> asdu = seq->Tlv(&tag, absl::StrCat("ASDU ", i + 1));
    if (!asdu.ok()) return asdu.status();
    if (tag != kTagAsdu) {
      return seq->Fail(absl::StrCat("ASDU ", i + 1), absl::StrCat("tag 0x", absl::Hex(tag)));
    }
    absl::StatusOr<SvAsdu> a = DecodeAsdu(*asdu, i);
    if (!a.ok()) return a.status();
    f.asdus.push_back(*std::move(a));
  }
  if (f.asdus.size() != *count) {
    return seq->Fail("noASDU", absl::StrCat("says ", *count, ", the frame holds ", f.asdus.size()));
  }
  return f;
}

double CountsToValue(int channel, std::int32_t counts) {
  return static_cast<double>(counts) *
         (channel >= kFirstVoltage ? kVoltsPerCount : kAmperesPerCount);
}

std::int32_t ValueToCounts(int channel, double value) {
  const double counts =
      std::nearbyint(value / (channel >= kFirstVoltage ? kVoltsPerCount : kAmperesPerCount));
  if (!(counts > std::numeric_limits<std::int32_t>::min()))
    return std::numeric_limits<std::int32_t>::min();
  if (counts >= std::numeric_limits<std::int32_t>::max())
    return std::numeric_limits<std::int32_t>::max();
  return static_cast<std::int32_t>(counts);
}

}  // namespace pqa::sv
