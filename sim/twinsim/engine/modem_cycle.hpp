#pragma once
// The life of a device with the modem model (population device_model
// modem), on one multiplexer: the engine hands its twinmodels::modem::Modem
// one input at a time and plays the network's part for each output (the
// RAN cell's admission, the MME's attach and AKA through the HSS server,
// reachability for PSM/eDRX, connection release, SMS results back to the
// SMSC). Every card interaction is the modem's real APDUs. The flows,
// latencies and what is not modelled: docs/MODELS.md ("The engine's use of
// the models").
#include <vector>

#include "twinmodels/modem/modem_io.hpp"
#include "twinmodels/platform/card_event.hpp"
#include "twinsim/engine/device_cycle.hpp"
#include "twinsim/engine/modem_world.hpp"
#include "twinsim/engine/platform_report.hpp"
#include "twinsim/engine/sms_crossing.hpp"

namespace twinsim::pcap {
class GsmtapTrace;
}

namespace twinsim {

struct MmeDetach;

// The Connected event's values (event_kinds.hpp).
inline constexpr std::uint8_t kConnectAttach = 0, kConnectTau = 1, kConnectActivity = 2, kConnectPaged = 3;
// The sms_answer_lost row's values: the answer a crash of the SMSC lost
// (the MME's absent subscriber, no RP answer at all, RP-ACK, RP-ERROR).
inline constexpr std::int64_t kAnswerAbsent = 0, kAnswerNone = 1, kAnswerRpAck = 2, kAnswerRpError = 3;
// TS 24.011 §8.2.5.4 RP-Cause 38 "Network out of order": the MME's answer
// to an MO SMS it cannot forward to the SMSC.
inline constexpr std::uint16_t kRpCauseNetworkOutOfOrder = 38;

class ModemCycle {
 public:
  ModemCycle(World& world, DeviceCycle::Host& host, DeviceCycle& usim_cycle, std::uint8_t mux);
  ModemCycle(const ModemCycle&) = delete;  // trace_ refers to this object
  ModemCycle& operator=(const ModemCycle&) = delete;

  // Whether device d runs the modem model.
  bool runs(std::uint32_t device) const;
  void on_step(const Event& e, SimTime now);
  void on_answer(const HssAnswer& a, SimTime now);
  // A sharded run: what the SMSC on rank 0 sent the device's MME, taken at
  // `now` (sms_crossing.hpp).
  void on_sms_down(const SmsDown& down, const SmsBytes& bytes, SimTime now);

 private:
  // One input to the device's modem at `now`, then its outputs in order.
  void input(std::uint32_t device, SimTime now, const twinmodels::modem::ModemInput& in);
  void output(std::uint32_t device, SimTime now, const twinmodels::modem::ModemOutput& o);
  void report(std::uint32_t device, SimTime t, const twinmodels::modem::Report& r);
  // OneLink (platforms.onelink) hears of the device's card at t.
  void report_to_onelink(std::uint32_t device, SimTime t, const twinmodels::modem::Report& r);
  // A report of the device's at t for the platforms (platform_report.hpp).
  PlatformReport report_of(std::uint32_t device, SimTime t, PlatformReport::Kind kind) const;
  void to_onelink(std::uint32_t device, SimTime t, twinmodels::platform::CardEventKind kind, std::uint8_t emm_cause = 0,
                  bool with_imsi = false, bool nvm_worn = false);
  void attach_request(std::uint32_t device, SimTime t, const twinmodels::modem::SendAttachRequest& r);
  void auth_response(std::uint32_t device, SimTime t, const cardcore::Bytes& res);
  void auth_failure(std::uint32_t device, SimTime t, const twinmodels::modem::SendAuthenticationFailure& f);
  void rp_answer(std::uint32_t device, SimTime t, const cardcore::Bytes& report, bool ack);
  // An MO SMS-SUBMIT the device sends at t.
  void mo_sms(std::uint32_t device, SimTime t, const cardcore::Bytes& tpdu);
  // The MO SMS of the device's own activity at t (activity_sms;
  // modem_own_sms.cpp).
  void own_sms(std::uint32_t device, SimTime t);
  // The RAN cell's answer to an RRC connection request of the procedure
  // under way (an attach, or a connection for a TAU or own activity).
  void rrc_request(std::uint32_t device, SimTime now);
  void mme_to_hss(std::uint32_t device, SimTime now);
  void on_fault(const Event& e, SimTime now);
  // An exception-report fault: the device's own activity now.
  void exception_report(std::uint32_t device, SimTime now);
  void wake(std::uint32_t device, SimTime now);
  // The device's RRC connection is up at t: the MME's reachability view,
  // messages-waiting alerts to the SMSC, the release after the inactivity time.
  void connect(std::uint32_t device, SimTime t, std::uint8_t kind);
  void release(std::uint32_t device, SimTime now);
  void deliver_sms(std::uint32_t device, SimTime now, bool void_step);
  // The network's answer to the SMSC's attempt for message `id` at t; one
  // a crash of the SMSC lost is an sms_answer_lost row (value `what`).
  void answer_smsc(std::uint32_t device, SimTime t, twinmodels::SmscMessageId id, twinmodels::DeliveryOutcome outcome,
                   std::int64_t what);
  // An MO SMS reaching a crashed SMSC at `at`: an sms_mo_refused row (the
  // MME answers RP-Cause kRpCauseNetworkOutOfOrder).
  void mo_refused(std::uint32_t device, SimTime at);
  // BIP (bip_links.hpp; modem_bip_cycle.cpp): the card's channel to an
  // SM-SR's admin server.
  void open_bearer(std::uint32_t device, SimTime t, const twinmodels::modem::OpenBearer& b);
  void channel_send(std::uint32_t device, SimTime t, const twinmodels::modem::SendChannelData& d);
  void close_bearer(std::uint32_t device, SimTime t);
  void channel_data(std::uint32_t device, SimTime now);
  // One way between the device and SM-SR i's node: the radio, the MME's
  // side and the route from the device's access node (platform_routes.hpp).
  SimTime to_sm_sr(std::uint8_t sm_sr) const;
  // A sharded run (bip_crossing.hpp): the modem's BIP calls to the admin
  // server on rank 0 (`data`: SendChannelData's), and what it did.
  void up_to_admin_server(std::uint32_t device, SimTime t, SmsUp::Kind kind, const BipLinks::Link& link,
                          const cardcore::Bytes* data);
  void from_admin_server(const SmsDown& down, const SmsBytes& bytes, SimTime now);
  void accept(std::uint32_t device, SimTime now);
  // The network detaches a device whose subscription was barred or
  // withdrawn (network_detach_cycle.cpp): the HSS's message at its MME, the
  // DETACH REQUEST at the device and its DETACH ACCEPT back, the local
  // detach of a device the MME cannot page, and the TAU or service reject
  // #10 the device then meets (true when wake() met it).
  // The HSS's message (Step::HssDetach's fault) at the MME, or its resend
  // leaving the HSS; a lossy route loses it or its answer, and the HSS
  // sends it again after network.hss_answer_timeout.
  void hss_message(std::uint32_t device, SimTime now, std::uint16_t fault);
  void hss_detach(std::uint32_t device, SimTime now, bool withdrawn);
  // Insert Subscriber Data lifting the barring (TS 29.272 §5.2.2.1.2).
  void hss_lift(std::uint32_t device, SimTime now);
  // The MME sends its DETACH REQUEST (again) from `at` and starts T3422.
  void send_detach_request(std::uint32_t device, SimTime at, MmeDetach& d);
  void t3422_expired(std::uint32_t device, SimTime now, std::uint16_t transmission);
  // The MME's detach under way ends (answered, its context deleted).
  void end_mme_detach(std::uint32_t device);
  void detach_request(std::uint32_t device, SimTime now, std::uint16_t octets);
  void detach_accept(std::uint32_t device, SimTime t);
  void local_detach(std::uint32_t device, SimTime now);
  bool reject_update(std::uint32_t device, SimTime now, bool service_request);
  // A step of the MME's procedure in progress, if `seq` is its number.
  MmeProcedure* procedure(std::uint32_t device, std::uint16_t seq);
  MmeProcedure* running_procedure(std::uint32_t device);
  // When a NAS message the UE sends at t has reached the MME and been processed.
  SimTime uplink(SimTime t) const;
  // When a message the MME sends at t reaches the UE.
  SimTime downlink(SimTime t) const;
  // AUTHENTICATION REJECT (TS 24.301 §5.4.2.5), decided at the MME at at_mme.
  void reject_authentication(std::uint32_t device, SimTime t, SimTime at_mme, std::uint8_t cause);
  void end_procedure(std::uint32_t device);
  void schedule(std::uint32_t device, SimTime t, Step step, std::uint16_t tag = 0);
  void record(SimTime t, std::uint32_t device, EventKind kind, std::int64_t value);
  std::uint32_t slot(std::uint32_t device) const;
  twinmodels::MmeReachability& reach_of(std::uint32_t device);

  World& world_;
  ModemWorld& mw_;
  DeviceCycle::Host& host_;
  DeviceCycle& usim_;
  std::uint8_t mux_;
  std::vector<twinmodels::modem::ModemOutput> out_;
  bool last_segment_ = true;  // the SMS being handed to the modem is its message's last
  std::uint32_t trace_device_ = 0;
  SimTime trace_now_ = 0;
  twinmodels::modem::ApduTrace trace_;
  mutable std::vector<SimTime> route_to_sm_sr_;  // by SM-SR: the route's latency from this multiplexer; -1 not yet known
};

}  // namespace twinsim
