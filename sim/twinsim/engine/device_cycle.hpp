#pragma once
// The life of one device, the same whichever engine schedules it: power-up
// (read EF.IMSI), ask the HSS for a vector, AUTHENTICATE on the card (with
// resynchronisation after AUTS), store EF.EPSLOCI, sleep with the card off,
// wake after the activity period and authenticate again; back off when the
// HSS rejects. Every card step is a real APDU exchange.
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/event_queue.hpp"
#include "twinsim/engine/messages.hpp"
#include "twinsim/engine/world.hpp"
#include "twinmodels/modem/usim_client.hpp"

namespace twinsim {

// Device d's first power-on (s): its population's start profile, the first
// draw of its own random stream (the world's seed), counted from its unit's
// going into service when the population has a supply flow
// (supply_schedule.hpp); `rng_position`, if given, gets the stream's
// position after it.
double first_power_on(const World& w, std::uint16_t population, std::uint32_t device,
                      std::uint64_t* rng_position = nullptr);

// What a device waits for next.
enum class Step : std::uint8_t {
  PowerOn,  // first power-up, or again after a power loss
  Wake,     // periodic activity
  Retry,    // after a back-off
  Fault,    // a scenario fault hits the device (Event::fault says which)
  Timeout,  // its request or the answer was lost: the modem's timer runs out
  // Devices with the modem model (modem_cycle.hpp). Event::fault carries
  // the sequence number of the procedure or connection the step belongs to
  // (a newer one voids it), or the timer for ModemTimer.
  ModemTimer,     // a timer the modem scheduled: fault = timer << 8 | id
  RrcRequest,     // the device asks its cell for an RRC connection
  MmeToHss,       // the MME asks the HSS for a vector (or a resync)
  AuthChallenge,  // AUTHENTICATION REQUEST reaches the device
  AttachAccept,   // ATTACH ACCEPT reaches it
  AuthReject,     // AUTHENTICATION REJECT reaches it
  AttachReject,   // ATTACH REJECT #8 (unknown IMSI) reaches it
  Release,        // the eNB releases the RRC connection (inactivity)
  MtSms,          // an MT SMS reaches the device
  MoSmsAck,       // the network's RP-ACK to an MO SMS
  PsmEnter,       // T3324 ran out after the release: the device goes to PSM
  ChannelData,    // an admin server's answer reaches the device's BIP channel
  ChannelDropped, // the device's BIP channel found no admin server, or lost its connection
  // The network detaches a device whose subscription was barred or
  // withdrawn (network_detach_cycle.cpp).
  HssDetach,      // the HSS's message for the device's MME: fault = kind (kHssBarring, kHssWithdrawal,
                  // kHssLift) | kHssAtHss (its resend leaves the HSS) | its resends << 8
  DetachRequest,  // the MME's DETACH REQUEST reaches the device: fault = its octet 3 | EMM cause << 8
  UpdateReject,   // TAU REJECT (fault 0) or SERVICE REJECT (1) #10 reaches the device
  T3422,          // the MME's T3422 runs out (TS 24.301 §10.2): fault = the DETACH REQUEST's sending it guarded (1-5)
  ChannelUp,      // the device's BIP connection is up (TCP's handshake done): fault = its connection id's low 16 bits
};

// The HSS's messages to the MME (Step::HssDetach, TS 29.272): Insert
// Subscriber Data barring the subscriber (§5.2.2.1, §7.3.29-30), Cancel
// Location withdrawing it (§5.2.1.2, §7.3.24), Insert Subscriber Data
// lifting the barring (§5.2.2.1.2). kHssAtHss marks the HSS's resend of a
// message whose answer did not come (network_detach_cycle.cpp).
inline constexpr std::uint16_t kHssBarring = 0, kHssWithdrawal = 1, kHssLift = 2, kHssAtHss = 0x80;

class DeviceCycle {
 public:
  // Where requests go and future steps are kept: a multiplexer, or (in the
  // baseline) the device's own actor.
  class Host {
   public:
    virtual ~Host() = default;
    virtual void send(const HssRequest& r) = 0;
    virtual void schedule(const Event& e) = 0;
  };

  DeviceCycle(World& world, Host& host, std::uint8_t mux);
  DeviceCycle(const DeviceCycle&) = delete;  // trace_ refers to this object
  DeviceCycle& operator=(const DeviceCycle&) = delete;

  // The first power-on time of a device (draws from its random stream).
  double start_time(std::uint32_t device);
  // The steps fault i of the scenario puts on `device` (none if it does not
  // target the device); stateless draws, so any engine can ask.
  void schedule_faults(std::uint32_t device);
  // Cache hints for the devices handled next (device.hpp).
  void prefetch_device(std::uint32_t device) const { prefetch_record(world_.devices[device]); }
  void prefetch_card(std::uint32_t device) const {
    if (!world_.background_cards || world_.background_cards->made(device)) twinsim::prefetch_card(world_.devices[device]);
  }
  void on_step(const Event& e, SimTime now);
  void on_answer(const HssAnswer& a, SimTime now);

  // A request crossing a lossy route at `now`: whether it, or else its
  // answer, is lost (draws from the device's stream), with the route's loss
  // at `now` (the links' loss and down faults: FaultPlan::route_loss) for
  // both ways. Nothing is drawn on a lossless route.
  struct Losses {
    bool request = false;
    bool answer = false;
  };
  Losses draw_losses(std::uint32_t device, SimTime now);
  // The time of the device's next own activity after now: its population's
  // period plus a uniform jitter drawn from its stream.
  SimTime next_activity(std::uint32_t device, SimTime now);

 private:
  void schedule(std::uint32_t device, SimTime t, Step step);
  // Power-up, EF.IMSI, vector request: the start of every attach.
  void power_up_and_attach(std::uint32_t device, SimTime now);
  void on_fault(const Event& e, SimTime now);
  // Runs card operations; with a power-loss fault armed, the card's next
  // NVM program tears (cardcore::PowerLoss): the device goes down and powers
  // up again later. Returns false then.
  template <class F>
  bool with_card(std::uint32_t device, SimTime now, F&& op);
  void lose_power(std::uint32_t device, SimTime now);
  // Sends a request to the HSS, unless a lossy route drops it: then the
  // device's timer runs out at now + network.request_timeout.
  void request(std::uint32_t device, SimTime now, HssRequest::Kind kind, const std::uint8_t* rand = nullptr,
               const std::uint8_t* auts = nullptr);
  void schedule_wake(std::uint32_t device, SimTime now);
  void schedule_retry(std::uint32_t device, SimTime now);
  void fail_and_retry(std::uint32_t device, SimTime now);
  // The USIM client of a device; records its APDUs when it is traced. One
  // observer serves every device, so untraced devices cost no allocation.
  twinmodels::UsimClient usim_of(std::uint32_t device, SimTime now);
  void record(SimTime now, std::uint32_t device, EventKind kind, std::int64_t value);
  double draw_uniform(Device& d, std::uint32_t device, double a, double b);
  double draw_exponential(Device& d, std::uint32_t device, double mean);

  World& world_;
  Host& host_;
  std::uint8_t mux_;
  std::uint32_t trace_device_ = 0;
  SimTime trace_now_ = 0;
  twinmodels::ApduObserver trace_;
};

}  // namespace twinsim
