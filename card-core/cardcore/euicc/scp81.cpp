// The ISD-R over HTTPS (SGP.02 §2.4.4; GP Amendment B, scp81/): a secured
// packet for the ISD-R whose secured data is an administration session
// trigger starts an SCP81 session — BIP channel (OPEN CHANNEL, SEND /
// RECEIVE DATA), TLS-PSK with the ISD-R's PSK, HTTP POSTs — whose scripts
// run on the ISD-R (RAM) or on the ISD-P the server names
// (X-Admin-Targeted-Application). The session's proactive commands go to
// the terminal session's card; its TERMINAL RESPONSEs and the "data
// available" / "channel status" events come back here.
#include "cardcore/ecasd/sha256.hpp"
#include "cardcore/euicc/euicc.hpp"
#include "cardcore/euicc/platform_records.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/gp/registry.hpp"
#include "cardcore/remote/ram.hpp"

namespace cardcore::euicc {

std::optional<Bytes> Euicc::isd_secured_data(Uicc& card, ByteView data) {
  if (&card != &platform_ || !scp81::is_admin_trigger(data)) return std::nullopt;
  admin_refusal_.clear();
  // The agent's defaults and PSKs are in the platform's NVM
  // (EF.SCP81_CONFIG, EF.SCP81_PSK): the factory's, and a new SM-SR's PSK
  // from its key establishment (key_establishment.cpp).
  const std::optional<scp81::SessionDefaults> defaults = read_scp81_defaults(platform_);
  const std::vector<Scp81Psk> psks = read_scp81_psks(platform_);
  if (!defaults && psks.empty()) {
    admin_refusal_ = "no SCP81 configuration";
    return Bytes{};
  }
  if (admin_ && !admin_->finished()) {
    admin_refusal_ = "a session is running";
    return Bytes{};
  }
  const cat::Decoded<scp81::AdminTrigger> trigger = scp81::decode_admin_trigger(data);
  if (!trigger.ok()) {
    admin_refusal_ = std::string("trigger: ") + trigger.error;
    return Bytes{};
  }
  scp81::ConfigResult config = scp81::make_session_config(
      trigger.value, defaults.value_or(scp81::SessionDefaults{}), kIsdRAid,
      [&](std::uint8_t kvn, std::uint8_t kid) -> std::optional<Bytes> {
        for (const Scp81Psk& k : psks) {
          if (k.key_version == kvn && k.key_id == kid) return k.psk;
        }
        return std::nullopt;
      });
  if (!config.ok()) {
    admin_refusal_ = config.error;
    return Bytes{};
  }
  // Reproducible TLS records: a seed from the EID and the session number.
  Bytes seed = read_eid(platform_);
  ++admin_sessions_;
  for (int i = 3; i >= 0; --i) seed.push_back(static_cast<std::uint8_t>(admin_sessions_ >> (8 * i)));
  const ecasd::Sha256Digest d = ecasd::sha256(seed);
  config.value.tls_seed = Bytes(d.begin(), d.end());
  admin_ = std::make_unique<scp81::AdminSession>(
      std::move(config.value), [this](ByteView script, ByteView aid) -> scp81::ScriptResult {
        if (aid.empty() || std::equal(aid.begin(), aid.end(), kIsdRAid.begin(), kIsdRAid.end())) {
          return {remote::run_ram(platform_, script), "ok"};
        }
        const std::vector<gp::Slot> used = gp::read_registry(platform_);
        const gp::Slot* isdp = gp::find_aid(used, aid);
        if (!isdp || !is_isdp_aid(aid)) return {{}, "unknown-application"};
        return {security_domain_script(platform_, isdp->entry, script), "ok"};
      });
  std::vector<cat::ProactiveCommand> first = admin_->start();
  admin_commands_.insert(admin_commands_.end(), first.begin(), first.end());
  return Bytes{};
}

bool Euicc::scp81_configured() const {
  return read_scp81_defaults(platform_).has_value() || !read_scp81_psks(platform_).empty();
}

void Euicc::queue_admin_commands(Uicc& card, std::vector<cat::ProactiveCommand> commands) {
  admin_commands_.insert(admin_commands_.end(), commands.begin(), commands.end());
  while (!admin_commands_.empty() && card.proactive_queued() < Uicc::kMaxQueuedProactive) {
    card.queue_proactive(admin_commands_.front());
    admin_commands_.erase(admin_commands_.begin());
  }
}

void Euicc::on_terminal_response(Uicc& card, ByteView command, const cat::TerminalResponse& response) {
  if (!admin_ || admin_->finished()) return;
  queue_admin_commands(card, admin_->on_terminal_response(command, response));
  // SGP.02 §3.2.1: a profile switch made by a script of the session
  // restarts the device once the R-APDUs went to the SM-SR and the channel
  // is closed (over SMS: after the PoR, euicc.cpp).
  if (admin_->finished()) queue_pending_refresh(card);
}

}  // namespace cardcore::euicc
