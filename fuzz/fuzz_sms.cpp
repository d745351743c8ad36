// libFuzzer harness on the card's over-the-air decoders: the SMS TPDUs (TS
// 23.040 §9.2.2: SMS-DELIVER, SMS-SUBMIT, SMS-DELIVER-REPORT in both forms,
// SMS-STATUS-REPORT), the user data header (§9.2.3.24) and the RP address
// (TS 24.011 §8.2.5.1), and the SCP80 command packet (TS 102 225 §5.1.1)
// opened with a DES and an AES key set. Each must give a value or throw
// SmsError (an SCP80 packet: a format or status, never an exception), and
// never crash, hang or corrupt memory; a decoded SMS-DELIVER or SMS-SUBMIT
// must encode back to a TPDU that decodes to the same.
//
// Input: [selector][bytes...]; the selector picks the decoder.
#include <cstdint>
#include <cstdlib>

#include "cardcore/ota/key_identifier.hpp"
#include "cardcore/ota/receiving_entity.hpp"
#include "cardcore/sms/address.hpp"
#include "cardcore/sms/deliver.hpp"
#include "cardcore/sms/deliver_report.hpp"
#include "cardcore/sms/sms_error.hpp"
#include "cardcore/sms/status_report.hpp"
#include "cardcore/sms/submit.hpp"
#include "cardcore/sms/udh.hpp"

using namespace cardcore;

namespace {

template <class T, class Decode>
void round_trip(ByteView in, Decode decode) {
  T first;
  try {
    first = decode(in);
  } catch (const sms::SmsError&) {
    return;
  }
  Bytes again;
  try {
    again = sms::encode(first);
  } catch (const sms::SmsError&) {
    return;  // a value the decoder is lenient about but the encoder will not write
  }
  if (!(decode(again) == first)) std::abort();
}

// Keys of the two families; the TAR lookup hands them out by the packet's
// KIc algorithm, with counter 0 and no minimum security level.
const ota::OtaKeys kDes{ota::make_kic(ota::CipherAlgorithm::TripleDes2Keys, 1), Bytes(16, 0x11),
                        ota::make_kid(ota::ChecksumAlgorithm::TripleDes2KeysCbcMac, 1), Bytes(16, 0x22)};
const ota::OtaKeys kAes{ota::make_kic(ota::CipherAlgorithm::AesCbc, 2), Bytes(16, 0x33),
                        ota::make_kid(ota::ChecksumAlgorithm::AesCmac, 2), Bytes(16, 0x44)};

void open_packet(ByteView in) {
  const ota::TarLookup lookup = [](const ota::CommandHeader& h) -> std::optional<ota::TarSecurity> {
    if (h.tar[0] == 0xFF) return std::nullopt;  // no such application
    return ota::TarSecurity{(h.kic & 0x0F) == (kAes.kic & 0x0F) ? &kAes : &kDes, 0, 0};
  };
  const ota::CommandPacketResult r = ota::open_command_packet(in, lookup);
  if (r.format != ota::PacketFormat::Ok) return;
  if (r.status != ota::PorStatus::Ok && !r.data.empty()) std::abort();  // data only for a packet that passed
  try {
    (void)ota::build_response_packet(r, r.status, ByteView(r.data).first(std::min<std::size_t>(r.data.size(), 8)),
                                     (r.header.kic & 0x0F) == (kAes.kic & 0x0F) ? &kAes : &kDes);
  } catch (const std::invalid_argument&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const ByteView in(data + 1, size - 1);
  try {
    switch (data[0] % 8) {
      case 0: round_trip<sms::SmsDeliver>(in, [](ByteView b) { return sms::decode_deliver(b); }); break;
      case 1: round_trip<sms::SmsSubmit>(in, [](ByteView b) { return sms::decode_submit(b); }); break;
      case 2: (void)sms::decode_deliver_report(in, sms::ReportForm::Ack); break;
      case 3: (void)sms::decode_deliver_report(in, sms::ReportForm::Error); break;
      case 4: (void)sms::decode_status_report(in); break;
      case 5: (void)sms::decode_udh(in); break;
      case 6: {
        std::size_t consumed = 0;
        (void)sms::decode_rp_address(in, consumed);
        if (consumed > in.size()) std::abort();
        break;
      }
      default: open_packet(in); break;
    }
  } catch (const sms::SmsError&) {
  }
  return 0;
}
