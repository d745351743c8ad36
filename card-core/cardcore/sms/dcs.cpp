#include "cardcore/sms/dcs.hpp"

namespace cardcore::sms {

DataCoding decode_dcs(std::uint8_t dcs) {
  DataCoding d;
  const unsigned group = dcs >> 4;
  if (group <= 0x7) {  // 00xx and 01xx share the layout of bits 5..0
    d.group = group <= 0x3 ? DcsGroup::General : DcsGroup::AutomaticDeletion;
    d.compressed = (dcs & 0x20) != 0;
    const unsigned alphabet = (dcs >> 2) & 0x03;
    d.alphabet = alphabet == 1 ? Alphabet::EightBit : alphabet == 2 ? Alphabet::Ucs2 : Alphabet::Gsm7;
    if (dcs & 0x10) d.message_class = static_cast<MessageClass>(dcs & 0x03);
  } else if (group <= 0xB) {
    d.group = DcsGroup::Reserved;
  } else if (group <= 0xE) {
    d.group = group == 0xC ? DcsGroup::WaitingDiscard : group == 0xD ? DcsGroup::WaitingStore : DcsGroup::WaitingStoreUcs2;
    d.alphabet = group == 0xE ? Alphabet::Ucs2 : Alphabet::Gsm7;
    d.indication_active = (dcs & 0x08) != 0;
    d.indication_type = dcs & 0x03;
  } else {
    d.group = DcsGroup::DataCodingMessageClass;
    d.alphabet = (dcs & 0x04) ? Alphabet::EightBit : Alphabet::Gsm7;
    d.message_class = static_cast<MessageClass>(dcs & 0x03);
  }
  return d;
}

std::uint8_t dcs_general(Alphabet alphabet, std::optional<MessageClass> message_class) {
  unsigned v = static_cast<unsigned>(alphabet) << 2;
  if (message_class) v |= 0x10 | static_cast<unsigned>(*message_class);
  return static_cast<std::uint8_t>(v);
}

bool is_class2_eight_bit(std::uint8_t dcs) {
  const DataCoding d = decode_dcs(dcs);
  return d.alphabet == Alphabet::EightBit && !d.compressed && d.message_class == MessageClass::Class2;
}

bool user_data_counts_septets(std::uint8_t dcs) {
  const DataCoding d = decode_dcs(dcs);
  return d.alphabet == Alphabet::Gsm7 && !d.compressed;
}

}  // namespace cardcore::sms
