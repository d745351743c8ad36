#pragma once
// The MT SMS between the SMSC and a modem device's MME (TS 23.040 §3.2,
// TS 23.272 §8.2.4): the SMSC's forward of a message to the MME that serves
// the device, the network's answer (absent subscriber, the RP-ACK or
// RP-ERROR with its PoR, no answer), the HSS's messages-waiting alert to the
// MME and the MME's alert back when the device connects; and the HSS's
// messages to the MME for the chip management platform's barrings; the
// eUICCs' MO SMS to their SM-SR. An unsharded run
// makes each call at once; in a sharded run the SMSC is on rank 0 and the
// MME on the device's rank, so each is a message of the slots' exchange
// that arrives the lookahead later (docs/SCALING.md, "Sharded runs").
#include <cstdint>
#include <functional>
#include <type_traits>
#include <vector>

#include "cardcore/util/bytes.hpp"

#include "twinmodels/network/smsc.hpp"
#include "twinsim/engine/campaign_platforms.hpp"
#include "twinsim/engine/event_queue.hpp"

namespace twinsim {

struct World;

// The bytes that cross with an SmsDown or SmsUp whose `bytes` is not 0 (1 +
// their index in the rank's list for the slot, World::shard_sms_bytes):
// an SM-SR's message's SMS-DELIVERs with its forward, the user data of the
// SMS-DELIVER-REPORT with the RP answer to it, an eUICC's SMS-SUBMIT.
using SmsBytes = std::vector<cardcore::Bytes>;
// Keeps `b` in the rank's list for the slot; the `bytes` value naming it.
std::uint32_t keep_sms_bytes(World& w, SmsBytes b);

// Rank 0 to the device's rank.
struct SmsDown {
  enum class Kind : std::uint8_t {
    Forward,       // the SMSC's delivery attempt of message `id` reaches the MME
    AlertRequest,  // the HSS asks the MME to report the device's next connection (URRP-MME)
    // The HSS's Insert Subscriber Data or Cancel Location for a barring
    // (network_detach_cycle.cpp): the MME takes it at `due`, or when it
    // arrives if later.
    HssMessage,
    // The admin server's side of an eUICC's BIP channel (bip_crossing.hpp),
    // each at `due`, when the admin server acted, for the device's open
    // `seq`: BipOpened (tag 0 accepted as `connection`, 1 nothing listens,
    // 2 refused: full), BipAnswer (its bytes), BipDropped (a TCP reset).
    BipOpened,
    BipAnswer,
    BipDropped,
  };
  Kind kind = Kind::Forward;
  std::uint8_t mux = 0;  // the device's multiplexer
  std::uint32_t device = 0;
  SimTime at = 0;  // made on rank 0
  twinmodels::SmscMessageId id = 0;
  std::uint16_t campaign = 0;        // Forward: the message's campaign
  std::uint8_t attempt = 0;          // and the write module's attempt it carries
  std::uint32_t smsc_attempt = 0;    // the SMSC's attempt number (the sms_attempt row's value)
  SimTime due = 0;                   // HssMessage: when it reaches the MME
  std::uint16_t tag = 0;             // HssMessage: the HssDetach step's (kHssBarring ...)
  std::uint32_t bytes = 0;           // Forward of an SM-SR's message: its SMS-DELIVERs (SmsBytes)
  std::uint32_t connection = 0;      // Bip*: the admin server's connection
  std::uint32_t seq = 0;             // Bip*: the device's open
  std::uint8_t channel = 0;          // Bip*: the card's channel
};
static_assert(std::is_trivially_copyable_v<SmsDown>);

// The device's rank to rank 0.
struct SmsUp {
  enum class Kind : std::uint8_t {
    Answer,  // the network's answer without an RP answer read by the platform: `outcome`, `what`
    RpAnswer,  // the RP-ACK (ack) or RP-ERROR, with the PoR read if `has_report`
    Alert,     // the device connected while the MME was asked to report it
    SmSrRpAnswer,  // the RP-ACK (ack) or RP-ERROR to an SM-SR's message, its report's user data the bytes
    SmSrMoSms,     // an eUICC's SMS-SUBMIT (the bytes) to SM-SR `sm_sr`, from profile `profile`'s number
    // An eUICC's BIP channel to SM-SR `sm_sr`'s admin server, its open
    // `seq` (bip_crossing.hpp): the modem's OpenBearer, its
    // SendChannelData (the bytes), its CloseBearer.
    BipOpen,
    BipData,
    BipClose,
  };
  Kind kind = Kind::Answer;
  std::uint32_t device = 0;
  SimTime t = 0;  // made on the device's rank
  twinmodels::SmscMessageId id = 0;
  twinmodels::DeliveryOutcome outcome = twinmodels::DeliveryOutcome::Delivered;
  std::int64_t what = 0;  // the sms_answer_lost row's value, should the SMSC have crashed
  bool ack = false;
  bool has_report = false;
  CampaignPlatforms::PorReading por;
  std::uint8_t sm_sr = 0;
  std::uint16_t profile = 0;
  std::uint32_t bytes = 0;  // SmSrRpAnswer, SmSrMoSms, BipData (SmsBytes)
  std::uint32_t seq = 0;    // Bip*
  std::uint8_t channel = 0; // Bip*
};
static_assert(std::is_trivially_copyable_v<SmsUp>);

// The MME of `device` takes the SMSC's forward of message `id` at `at`: it
// delivers when it can reach the device — connected, or paged at its next
// paging occasion (TS 36.304 §7.1) — by scheduling the device's MtSms step
// one delivery latency later; otherwise it answers absent subscriber.
// `smsc_attempt` is the SMSC's attempt number.
void mme_takes_forward(World& w, std::uint32_t device, twinmodels::SmscMessageId id, SimTime at,
                       std::uint32_t smsc_attempt, const std::function<void(const Event&)>& schedule);
// The HSS's messages-waiting alert reaches the device's MME.
void mme_alerted(World& w, std::uint32_t device);

// A sharded run's device rank: the network's answer to the SMSC's attempt
// for message `id` at t, on its way to rank 0 (smsc_takes_answer there).
void send_sms_answer(World& w, std::uint32_t device, SimTime t, twinmodels::SmscMessageId id,
                     twinmodels::DeliveryOutcome outcome, std::int64_t what);
// The network's answer to the SMSC's attempt for message `id` at t; one a
// crash of the SMSC lost is an sms_answer_lost row (value `what`).
void smsc_takes_answer(World& w, std::uint32_t device, SimTime t, twinmodels::SmscMessageId id,
                       twinmodels::DeliveryOutcome outcome, std::int64_t what);
// The device's RP-ACK or RP-ERROR for a write-card message at t, with the
// PoR the platform read (`has_report`): lost when the SMSC crashed since it
// sent the message, else the PoR to the write module and the SMSC's result.
void smsc_takes_rp_answer(World& w, std::uint32_t device, SimTime t, twinmodels::SmscMessageId id, bool ack,
                          bool has_report, CampaignPlatforms::PorReading por);
// The device connected at t while the MME was to report it: the SMSC
// schedules its waiting messages.
void smsc_takes_alert(World& w, std::uint32_t device, SimTime t);
// The device's RP-ACK or RP-ERROR to an SM-SR's message at t, with the
// SMS-DELIVER-REPORT's user data: lost when the SMSC crashed since it sent
// the message, else the SM-SR reads it (its PoR) and the message ends.
void smsc_takes_sm_sr_answer(World& w, std::uint32_t device, SimTime t, twinmodels::SmscMessageId id, bool ack,
                             cardcore::ByteView report);
// The eUICC of `device` sent SMS-SUBMIT `tpdu` to SM-SR `sm_sr` at t, from
// profile k's number: the SM-SR takes it a delivery latency later.
void sm_sr_takes_mo_sms(World& w, std::uint32_t device, SimTime t, std::uint8_t sm_sr, std::size_t k,
                        cardcore::ByteView tpdu);
// A sharded run's rank 0: what came up (with its bytes), taken at its time.
void smsc_takes(World& w, const SmsUp& up, const SmsBytes& bytes, SimTime at);

}  // namespace twinsim
