#include "cardcore/remote/secured_packet.hpp"

#include <optional>
#include <stdexcept>

#include "cardcore/card/uicc.hpp"
#include "cardcore/ota/receiving_entity.hpp"
#include "cardcore/remote/key_sets.hpp"
#include "cardcore/remote/rfm.hpp"
#include "cardcore/remote/route.hpp"

namespace cardcore::remote {

namespace {

// The PoR of `cmd` with `status`, or nullopt when the key set cannot give it
// the protection the SPI asks for.
std::optional<Bytes> try_build(const ota::CommandPacketResult& cmd, ota::PorStatus status, ByteView data,
                               const ota::OtaKeys* keys) {
  try {
    return ota::build_response_packet(cmd, status, data, keys);
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

}  // namespace

PacketOutcome receive_command_packet(Uicc& card, ByteView packet, std::size_t room) {
  PacketOutcome out;
  ota::CommandHeader header;
  if (ota::parse_command_header(packet, header) != ota::PacketFormat::Ok) {
    out.kind = PacketOutcome::Kind::Malformed;
    return out;
  }
  // A PoR may need SEND SHORT MESSAGEs (TS 31.115 §4.3): refuse while the
  // queue could not take them, before anything changes (TS 31.111 §7.1.1.1:
  // '93 00', the ME retries).
  const bool por_requested = header.spi.por == ota::PorRequest::Always || header.spi.por == ota::PorRequest::OnError;
  if (por_requested && room < kMaxPorMessages) {
    out.kind = PacketOutcome::Kind::Busy;
    return out;
  }

  std::optional<Route> route;
  std::optional<TarKeys> tar_keys;
  const ota::CommandPacketResult cmd = ota::open_command_packet(packet, [&](const ota::CommandHeader& h) {
    std::optional<ota::TarSecurity> sec;
    route = route_tar(card, h.tar);
    if (!route) return sec;  // 09
    tar_keys = route_keys(card, h, *route);
    if (!tar_keys) return sec;  // 09: no key set for this TAR
    sec.emplace();
    sec->minimum_security_level = tar_keys->msl;
    if (tar_keys->key_set) {
      sec->keys = &tar_keys->key_set->keys;
      sec->counter = read_counter(card, tar_keys->key_set->counter_record);
    }
    return sec;
  });
  if (cmd.format != ota::PacketFormat::Ok) {
    out.kind = PacketOutcome::Kind::Malformed;
    return out;
  }
  // open_command_packet() has checked that the key set can give the PoR the
  // protection its SPI asks for ('06' otherwise).
  const ota::OtaKeys* keys = tar_keys && tar_keys->key_set ? &tar_keys->key_set->keys : nullptr;
  ota::PorStatus status = cmd.status;
  Bytes additional;
  const KeySet* key_set = tar_keys && tar_keys->key_set ? &*tar_keys->key_set : nullptr;
  if (status == ota::PorStatus::Ok && cmd.counter_to_store && !key_set) {
    // A packet that needs no key (MSL 00) but a counter check: without a key
    // set there is no counter to keep (our reading).
    status = ota::PorStatus::UnidentifiedSecurityError;
  }
  if (status == ota::PorStatus::Ok) {
    if (cmd.counter_to_store && !store_counter(card, key_set->counter_record, *cmd.counter_to_store)) {
      status = ota::PorStatus::InsufficientMemory;
    } else {
      additional = run_route(card, *route, cmd.data);
    }
  }
  if (!ota::por_to_send(header.spi, status)) return out;

  std::optional<Bytes> por = try_build(cmd, status, additional, keys);
  if (!por) return out;  // the checks above rule it out; send nothing rather than throw
  if (header.spi.por_via_sms_submit) {
    out.por_submit = std::move(*por);
  } else if (por->size() <= kMaxReportPacket) {
    out.por_report = std::move(*por);
  } else {
    // TS 31.115 §7: '0B', the actual response data follows by SMS-SUBMIT.
    std::optional<Bytes> notice = try_build(cmd, ota::PorStatus::ResponseBySmsSubmit, {}, keys);
    if (notice) out.por_report = std::move(*notice);
    out.por_submit = std::move(*por);
  }
  return out;
}

}  // namespace cardcore::remote
