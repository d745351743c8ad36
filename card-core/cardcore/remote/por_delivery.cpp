#include "cardcore/remote/por_delivery.hpp"

#include "cardcore/card/uicc.hpp"
#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/sms/secured_packet_sms.hpp"
#include "cardcore/sms/submit.hpp"
#include "cardcore/sms/udh.hpp"

namespace cardcore::remote {

Bytes report_user_data(ByteView response_packet) {
  const sms::UserData ud = sms::response_packet_user_data(response_packet);
  Bytes out = sms::encode_udh(*ud.header);
  out.insert(out.end(), ud.body.begin(), ud.body.end());
  return out;
}

bool queue_submits(Uicc& card, const sms::Address& destination, const std::optional<cat::Address>& smsc,
                   ByteView response_packet, std::uint16_t reference) {
  for (const sms::SmsSubmit& s : sms::submits_with_response_packet(destination, 0, response_packet, reference)) {
    cat::SendShortMessage m;
    m.alpha = cat::AlphaIdentifier{};
    m.address = smsc;
    m.tpdu.tpdu = sms::encode(s);
    if (card.queue_proactive(cat::ProactiveCommand{m}) == 0) return false;
  }
  return true;
}

}  // namespace cardcore::remote
