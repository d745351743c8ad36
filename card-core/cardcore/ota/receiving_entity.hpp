#pragma once
// The card's side of SCP80 (TS 102 225 calls it the Receiving Entity, RE):
// open a command packet — check its structure, find the TAR's keys, check the
// MSL, decipher, verify the RC/CC, check the counter — and build the response
// packet (PoR) the SPI asks for.
//
// A packet that fails any check changes nothing: counter_to_store is set only
// for a packet that passed them all. Statuses (TS 102 225 §5.2 table):
//   TAR unknown to the lookup            -> 09 TAR unknown
//   SPI below the TAR's MSL              -> 0A insufficient security level
//   no key set, KIc/KID not naming its keys, an algorithm this card OS lacks
//   (DS, DES-ECB, reserved, proprietary), a key of the wrong length
//                                        -> 06 unidentified security error
//   ciphered part not whole blocks, PCNTR beyond the data
//                                        -> 05 ciphering error
//   RC/CC mismatch                       -> 01 RC/CC/DS failed
//   counter not higher / not one higher  -> 02 CNTR low / 03 CNTR high
//   stored counter at 'FFFFFFFFFF'       -> 04 CNTR blocked
// The checks run in that order, so a packet whose RC/CC fails is never
// reported as a counter error. Structural faults (truncation, CPL or CHL
// inconsistent) give a PacketFormat instead of a status: the packet cannot be
// attributed to a TAR, and no PoR is sent.
//
// Security of the PoR: the SPI's PoR RC/CC and ciphering are applied only when
// the packet itself passed the key, MSL, deciphering and RC/CC checks
// (secure_por). A PoR for a packet that failed them (01, 05, 06, 09, 0A) goes
// out unprotected (RHL = 10, not ciphered): signing or ciphering a reply to an
// unauthenticated packet hands its sender known plaintext under the card's
// keys, the weakness the 2013 SIM OTA DES key recoveries used. This is our
// reading, not a quotation of TS 102 225 (its text was not at hand; the pySim
// card vectors cover successful packets only). Whether a PoR is sent at all
// follows the SPI: por_to_send().
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>

#include "cardcore/ota/command_packet.hpp"
#include "cardcore/ota/ota_keys.hpp"
#include "cardcore/ota/packet_fields.hpp"
#include "cardcore/ota/por_status.hpp"
#include "cardcore/ota/spi.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ota {

// What the card holds for the TAR (and key versions) of a packet.
struct TarSecurity {
  // The key set the packet's KIc/KID key versions name; null when the card has
  // none (then only packets needing no key pass).
  const OtaKeys* keys = nullptr;
  // The counter stored for this key set ("the value in the RE", TS 102 225
  // §5.1.1 b4-b5).
  Counter counter = 0;
  // Minimum Security Level of the TAR, coded as SPI byte 1 (TS 102 226
  // §8.2.1.3.2.4.2); 0 accepts every packet.
  std::uint8_t minimum_security_level = 0;
};

// Called once per well-formed packet with its clear header; nullopt means the
// card has no application with that TAR (status 09).
using TarLookup = std::function<std::optional<TarSecurity>(const CommandHeader&)>;

struct CommandPacketResult {
  PacketFormat format = PacketFormat::Ok;  // not Ok: nothing below is valid, send no PoR
  PorStatus status = PorStatus::UnidentifiedSecurityError;
  CommandHeader header;  // TAR, SPI (PoR request and transport), KIc, KID
  // CNTR as received; 0 when it could not be read (ciphered, key unusable).
  Counter counter = 0;
  // The counter to persist for the key set: set only when status is Ok and
  // the SPI's policy is Higher or OneHigher.
  std::optional<Counter> counter_to_store;
  // Secured data, deciphered, padding removed: only when status is Ok.
  Bytes data;
  // The packet passed the key, MSL, deciphering and RC/CC checks: its PoR
  // carries the RC/CC and ciphering the SPI asks for.
  bool secure_por = false;
  // Length an AES-CMAC CC of the PoR takes: the command's own (4 or 8) when it
  // had one, else 8.
  std::size_t aes_cc_length = 8;
};

CommandPacketResult open_command_packet(ByteView packet, const TarLookup& lookup);

// TS 102 225 §5.1.1 b4-b5 against the stored counter.
PorStatus check_counter(CounterPolicy policy, Counter received, Counter stored);

// TS 102 225 §5.1.1 second byte b1-b2: PoR always, only on error (status not
// Ok), or never.
bool por_to_send(const Spi& spi, PorStatus status);

// The response packet for a command packet (from RPL; the SMS layer adds the
// UDH 02 71 00 and puts it in the SMS-DELIVER-REPORT or an SMS-SUBMIT as
// cmd.header.spi.por_via_sms_submit says). status is the outcome: cmd.status
// for a packet that failed, or what the application made of it (00, 07, 08,
// 0B, ...). keys: the key set open_command_packet used. Throws
// std::invalid_argument when cmd is a structural fault or keys cannot give
// the protection a secure PoR needs.
Bytes build_response_packet(const CommandPacketResult& cmd, PorStatus status, ByteView additional_data,
                            const OtaKeys* keys);

}  // namespace cardcore::ota
