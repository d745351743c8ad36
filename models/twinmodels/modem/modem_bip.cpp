// Bearer independent protocol, the terminal side (TS 102 223 §6.4.27-§6.4.31,
// §7.5.10, §7.5.11; TS 31.111 §6.4.27): one channel over a packet data
// bearer to a TCP or UDP endpoint the caller runs. The modem keeps the
// channel's receive and transmit buffers; the bytes themselves travel as
// OpenBearer / SendChannelData / CloseBearer outputs and
// ChannelDataReceived / ChannelLinkDropped inputs.
#include <algorithm>

#include "cardcore/cat/envelopes.hpp"
#include "cardcore/cat/terminal_response.hpp"
#include "twinmodels/modem/modem_context.hpp"

namespace twinmodels::modem {

using cardcore::Bytes;
namespace cat = cardcore::cat;

namespace {
// §8.12.11: additional information of '3A' bearer independent protocol error.
constexpr std::uint8_t kBipNoChannel = 0x01;
constexpr std::uint8_t kBipChannelIdInvalid = 0x03;
constexpr std::uint8_t kBipTransportNotAvailable = 0x06;
constexpr std::uint8_t kBipRemoteNotReachable = 0x07;
// A TERMINAL RESPONSE fits a short Lc: channel data of RECEIVE DATA at most
// 237 bytes (§6.4.29).
constexpr std::size_t kMaxReceiveChunk = 237;

std::uint8_t clamp255(std::size_t n) { return static_cast<std::uint8_t>(std::min<std::size_t>(n, 255)); }
}  // namespace

bool Modem::execute_bip(Context& c, const cat::ProactiveCommand& command, cat::TerminalResponse& tr) {
  const auto bip_error = [&](std::uint8_t info) {
    tr.result = {cat::result::kBipError, {info}};
    terminal_response(c, tr);
    return true;
  };
  const auto channel_status = [&]() {
    cat::ChannelStatus s;
    if (bip_) {
      s.status = static_cast<std::uint8_t>(bip_->id | (bip_->established ? 0x80 : 0x00));
      s.further_info = bip_->further_info;
    }
    return s;
  };
  if (const auto* open = std::get_if<cat::OpenChannel>(&command)) {
    if (bip_) return bip_error(kBipNoChannel);  // the modem has one channel
    if (!open->transport || !open->destination || open->destination->null ||
        (open->transport->protocol != cat::TransportLevel::kTcpClientRemote &&
         open->transport->protocol != cat::TransportLevel::kUdpClientRemote))
      return bip_error(kBipTransportNotAvailable);
    // §6.4.27: the link on demand (at the first SEND DATA) is not in this
    // modem; it sets up every link at once.
    if (!(open->qualifier & cat::OpenChannel::kImmediateLink)) {
      tr.result.general = cat::result::kBeyondTerminalCapabilities;
      terminal_response(c, tr);
      return true;
    }
    if (state_ != ModemState::Registered) {
      tr.result = {cat::result::kNetworkUnableNow, {0x00}};
      terminal_response(c, tr);
      return true;
    }
    // §6.4.27, immediate link establishment: the TERMINAL RESPONSE follows
    // the link (ChannelLinkEstablished), or its failure (ChannelLinkDropped).
    bip_ = std::make_unique<BipChannel>();
    bip_->buffer = std::min<std::uint16_t>(open->buffer.size, cfg_->bip_buffer_max);
    bip_->opening = tr.details.number;
    bip_->open_qualifier = tr.details.qualifier;
    bip_->asked_buffer = open->buffer.size;
    bip_->bearer_type = open->bearer.type;
    bip_->bearer_parameters = open->bearer.parameters;
    OpenBearer ob;
    ob.channel = bip_->id;
    ob.protocol = open->transport->protocol;
    ob.port = open->transport->port;
    ob.destination = open->destination->address;
    if (open->apn) ob.apn = open->apn->name;
    ob.buffer_size = bip_->buffer;
    c.emit(std::move(ob), cfg_->bip_connect_ms);
    return true;
  }
  if (const auto* close = std::get_if<cat::CloseChannel>(&command)) {
    if (!bip_ || close->channel != bip_->id) return bip_error(kBipChannelIdInvalid);
    c.emit(CloseBearer{bip_->id});
    bip_.reset();
    terminal_response(c, tr);
    return true;
  }
  if (const auto* send = std::get_if<cat::SendData>(&command)) {
    if (!bip_ || send->channel != bip_->id) return bip_error(kBipChannelIdInvalid);
    if (!bip_->established) return bip_error(0x02);  // channel closed (link dropped)
    if (bip_->tx.size() + send->data.data.size() > bip_->buffer) return bip_error(0x00);
    bip_->tx.insert(bip_->tx.end(), send->data.data.begin(), send->data.data.end());
    if (send->immediately) {
      c.emit(SendChannelData{bip_->id, std::move(bip_->tx)});
      bip_->tx.clear();
    }
    tr.channel_data_length = cat::ChannelDataLength{clamp255(bip_->buffer - bip_->tx.size())};
    terminal_response(c, tr);
    return true;
  }
  if (const auto* receive = std::get_if<cat::ReceiveData>(&command)) {
    if (!bip_ || receive->channel != bip_->id) return bip_error(kBipChannelIdInvalid);
    const std::size_t want = std::min<std::size_t>(receive->length.length, kMaxReceiveChunk);
    const std::size_t n = std::min(want, bip_->rx.size());
    tr.channel_data = cat::ChannelData{Bytes(bip_->rx.begin(), bip_->rx.begin() + static_cast<std::ptrdiff_t>(n))};
    bip_->rx.erase(bip_->rx.begin(), bip_->rx.begin() + static_cast<std::ptrdiff_t>(n));
    tr.channel_data_length = cat::ChannelDataLength{clamp255(bip_->rx.size())};
    // §6.4.29: fewer bytes than asked is "performed with missing information".
    if (n < want) tr.result.general = cat::result::kMissingInformation;
    terminal_response(c, tr);
    return true;
  }
  if (std::holds_alternative<cat::GetChannelStatus>(command)) {
    tr.channel_status = channel_status();
    terminal_response(c, tr);
    return true;
  }
  return false;
}

void Modem::channel_event(Context& c, std::uint8_t event) {
  if (!(events_ & (1u << event)) || !bip_ || !card_ready()) return;
  cat::EventDownload e;
  e.event = event;
  e.channel_status = cat::ChannelStatus{static_cast<std::uint8_t>(bip_->id | (bip_->established ? 0x80 : 0x00)),
                                        bip_->further_info};
  if (event == cat::event::kDataAvailable) e.channel_data_length = cat::ChannelDataLength{clamp255(bip_->rx.size())};
  send_envelope(c, apdu(0x80, 0xC2, 0x00, 0x00, cat::encode(e)), cat::ber::kEventDownload, 0);
}

std::size_t Modem::channel_room() const {
  if (!bip_ || !bip_->established) return 0;
  return bip_->buffer > bip_->rx.size() ? bip_->buffer - bip_->rx.size() : 0;
}

void Modem::on_channel_data(Context& c, const ChannelDataReceived& d) {
  if (!bip_ || d.channel != bip_->id || !bip_->established || !card_ready()) return;
  // Bytes beyond the buffer are not taken (the far end's flow control).
  const std::size_t room = bip_->buffer > bip_->rx.size() ? bip_->buffer - bip_->rx.size() : 0;
  const bool was_empty = bip_->rx.empty();
  bip_->rx.insert(bip_->rx.end(), d.data.begin(), d.data.begin() + static_cast<std::ptrdiff_t>(std::min(room, d.data.size())));
  // §7.5.10: data available, when the buffer goes from empty to not empty.
  if (was_empty && !bip_->rx.empty()) channel_event(c, cat::event::kDataAvailable);
}

bool Modem::awaiting_network() const { return sms_command_ != 0 || (bip_ && bip_->opening != 0); }

// §6.4.27: OPEN CHANNEL's TERMINAL RESPONSE once the link is up or
// failed; §6.8: its bearer description and buffer size in either case.
cat::TerminalResponse Modem::open_channel_response() const {
  cat::TerminalResponse tr;
  tr.details = {bip_->opening, cat::command::kOpenChannel, bip_->open_qualifier};
  tr.bearer = cat::BearerDescription{bip_->bearer_type, bip_->bearer_parameters};
  tr.buffer = cat::BufferSize{bip_->buffer};
  return tr;
}

void Modem::on_channel_established(Context& c, const ChannelLinkEstablished& e) {
  if (!bip_ || e.channel != bip_->id || bip_->opening == 0 || !card_active()) return;
  cat::TerminalResponse tr = open_channel_response();
  bip_->opening = 0;
  bip_->established = true;
  // §6.4.27: a smaller buffer than asked is "performed with modification".
  tr.result.general = bip_->buffer < bip_->asked_buffer ? cat::result::kWithModification : cat::result::kPerformed;
  tr.channel_status = cat::ChannelStatus{static_cast<std::uint8_t>(bip_->id | 0x80), 0};
  terminal_response(c, tr);
  run_proactive(c);
}

void Modem::on_channel_dropped(Context& c, const ChannelLinkDropped& d) {
  if (bip_ && d.channel == bip_->id && bip_->opening != 0 && card_active()) {
    // The connection failed (a reset, nothing listening): §8.12.11 '3A'
    // with '07', the remote device is not reachable; no channel is left
    // open (§6.4.27).
    cat::TerminalResponse tr = open_channel_response();
    tr.result = {cat::result::kBipError, {kBipRemoteNotReachable}};
    bip_.reset();
    terminal_response(c, tr);
    run_proactive(c);
    return;
  }
  if (!bip_ || d.channel != bip_->id || !bip_->established) return;
  bip_->established = false;
  bip_->further_info = 0x05;  // §8.56: link dropped
  channel_event(c, cat::event::kChannelStatus);
}

}  // namespace twinmodels::modem
