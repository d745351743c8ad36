#pragma once
// A modem with its real domestic card, an HSS/AuC with the same keys, and
// a minimal network driver for the modem tests: it answers the modem's
// outputs as the MME would and keeps the APDU transcript.
#include <gtest/gtest.h>

#include "domestic_card.hpp"

#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include "cardcore/card/uicc.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinmodels/modem/modem.hpp"
#include "twinmodels/network/hss_auc.hpp"
#include "twinmodels/network/subscriber_keys.hpp"

namespace twinmodels::testing {

using namespace twinmodels::modem;

inline std::string imsi_of(std::uint64_t subscriber) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%010llu", static_cast<unsigned long long>(subscriber % 10000000000ull));
  return std::string("46004") + digits;
}

struct ModemRig {
  static constexpr std::uint64_t kSeed = 20261201;
  ModemConfig cfg;
  cardcore::Uicc card{domestic_profile()};
  UiccPort uicc_port{card};
  CardPort* port = &uicc_port;  // a rig with another card points it there
  HssAuc hss{kSeed, 16};
  std::uint64_t subscriber = 3;
  Modem modem;
  std::uint64_t now = 0;
  std::vector<ModemOutput> out;
  std::vector<ModemOutput> history;  // every output of the rig's life
  std::vector<std::string> transcript;  // "> C-APDU" / "< R-APDU" in hex
  ApduTrace trace = [this](std::uint8_t dir, cardcore::ByteView b) {
    std::string h = cardcore::to_hex(b);
    for (char& ch : h) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    transcript.push_back(std::string(dir == 0 ? "> " : "< ") + h);
  };

  explicit ModemRig(ModemConfig c = {}, bool personalize = true) : cfg(std::move(c)), modem(cfg, 35693803564380ull) {
    if (personalize) {
      const SubscriberKeys keys = derive_subscriber_keys(kSeed, subscriber);
      card.personalize({"8986040000000000" + std::to_string(subscriber % 10) + "0", imsi_of(subscriber),
                        cardcore::Bytes(keys.k.begin(), keys.k.end()), cardcore::Bytes(keys.opc.begin(), keys.opc.end())});
    }
  }

  // One input; returns the outputs it produced.
  std::vector<ModemOutput> in(const ModemInput& i) {
    out.clear();
    modem.handle(*port, now, i, out, &trace);
    history.insert(history.end(), out.begin(), out.end());
    return out;
  }

  template <class T>
  static const T* find(const std::vector<ModemOutput>& o) {
    for (const ModemOutput& x : o)
      if (const T* p = std::get_if<T>(&x.action)) return p;
    return nullptr;
  }
  template <class T>
  static const ModemOutput* find_output(const std::vector<ModemOutput>& o) {
    for (const ModemOutput& x : o)
      if (std::get_if<T>(&x.action)) return &x;
    return nullptr;
  }
  static bool reported(const std::vector<ModemOutput>& o, ModemEvent e) {
    for (const ModemOutput& x : o)
      if (const Report* r = std::get_if<Report>(&x.action); r && r->event == e) return true;
    return false;
  }
  static const ModemOutput* report_of(const std::vector<ModemOutput>& o, ModemEvent e) {
    for (const ModemOutput& x : o)
      if (const Report* r = std::get_if<Report>(&x.action); r && r->event == e) return &x;
    return nullptr;
  }

  // The MME's side of an EPS attach from the current outputs: authentication
  // through the HSS (resynchronising on AUTS), then the accept. Returns the
  // outputs of the last step; `auths` counts the challenges sent.
  std::vector<ModemOutput> network_attach(std::vector<ModemOutput> o, int* auths = nullptr, std::uint32_t m_tmsi = 0xC0FFEE01) {
    const SendAttachRequest* req = find<SendAttachRequest>(o);
    EXPECT_TRUE(req) << "no ATTACH REQUEST";
    if (!req) return o;
    for (int round = 0; round < 3; ++round) {
      const AuthVector v = hss.generate(subscriber);
      if (auths) ++*auths;
      now += 200;
      o = in(AuthenticationRequest{v.rand, v.autn});
      if (const SendAuthenticationResponse* r = find<SendAuthenticationResponse>(o)) {
        if (r->res != cardcore::Bytes(v.xres.begin(), v.xres.end())) return o;  // the MME would reject
        now += 200;
        AttachAccept acc;
        acc.tac = 0x1234;
        acc.cell_id = 0x0ABCDEF;
        acc.m_tmsi = m_tmsi;
        acc.mme_group_id = 0x8001;
        acc.mme_code = 0x01;
        return in(acc);
      }
      const SendAuthenticationFailure* f = find<SendAuthenticationFailure>(o);
      if (!f || f->emm_cause != 21 || !f->auts) return o;
      EXPECT_TRUE(hss.resync(subscriber, v.rand.data(), f->auts->data()).ok());
    }
    return o;
  }
};

// The SMS-DELIVERs' time stamp and service centre of the SMS tests.
inline const cardcore::sms::Timestamp kScts{26, 12, 1, 10, 30, 0, 32};
inline const cardcore::sms::Address kSmsc{cardcore::sms::TypeOfNumber::International,
                                          cardcore::sms::NumberingPlan::Isdn, "8613800100500"};

// A registered modem that takes MT SMS.
struct SmsRig : ModemRig {
  SmsRig() {
    network_attach(in(PowerOn{}));
    EXPECT_EQ(modem.state(), ModemState::Registered);
  }
  std::vector<ModemOutput> mt(const cardcore::Bytes& tpdu) {
    now += 1000;
    return in(MtSms{kSmsc, tpdu});
  }
};

}  // namespace twinmodels::testing
