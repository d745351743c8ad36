// The proactive command frame, TS 102 223 §6.6 and §9.1 ('D0').
#include "cardcore/cat/proactive_frame.hpp"

#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::cat {

namespace detail {

Bytes begin_command(std::uint8_t number, std::uint8_t type, std::uint8_t qualifier, std::uint8_t to) {
  Bytes b;
  put(b, CommandDetails{number, type, qualifier});
  put(b, DeviceIdentities{device::kUicc, to});
  return b;
}

Bytes finish_command(const Bytes& objects) { return tlv::make_ber(ber::kProactiveCommand, objects); }

Decoded<Frame> read_frame(ByteView command, std::uint8_t type) {
  const tlv::Result<tlv::BerTlv> ber = tlv::parse_ber(command);
  if (!ber.ok()) return refuse<Frame>("not one BER-TLV");
  if (ber.value.tag != ber::kProactiveCommand) return refuse<Frame>("not a proactive command ('D0')");
  if (command.size() > kMaxProactiveCommand) return refuse<Frame>("proactive command longer than 256 bytes");
  Decoded<ObjectList> objects = ObjectList::parse(ber.value.value);
  if (!objects.ok()) return refuse<Frame>(objects.error);
  Decoded<Frame> f;
  f.value.objects = std::move(objects.value);
  if (const char* e = f.value.objects.get(f.value.details)) return refuse<Frame>(e);
  // §8.6: command numbers '01'-'FE'.
  if (f.value.details.number == 0x00 || f.value.details.number == 0xFF) {
    return refuse<Frame>("command number outside '01'-'FE'");
  }
  if (const char* e = f.value.objects.get(f.value.devices)) return refuse<Frame>(e);
  // §8.7: proactive commands come from the UICC.
  if (f.value.devices.source != device::kUicc) return refuse<Frame>("proactive command not from the UICC");
  if (type != 0 && f.value.details.type != type) return refuse<Frame>("another type of command");
  return f;
}

}  // namespace detail

Decoded<CommandDetails> check_proactive_command(ByteView command) {
  const Decoded<detail::Frame> f = detail::read_frame(command, 0);
  if (!f.ok()) return refuse<CommandDetails>(f.error);
  return {f.value.details, nullptr};
}

}  // namespace cardcore::cat
