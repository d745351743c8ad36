#pragma once
// Where the elements of a subscription live on this card, for the
// write-card applet: the NVM addresses of each field of
// write_card_format.hpp (every body of linked EFs once), and the location
// and ciphering key files a new identity makes stale.
#include <cstdint>
#include <optional>
#include <vector>

#include "cardcore/util/bytes.hpp"

namespace cardcore {
class Uicc;
}

namespace cardcore::applet {

struct FieldPlace {
  std::vector<std::uint32_t> addrs;  // every copy (unlinked files each have one)
  std::uint32_t size = 0;            // bytes at each
  bool exact = true;                 // false: shorter values are padded with 'FF'
};

// nullopt when the card lacks the field's file.
std::optional<FieldPlace> field_place(const Uicc& card, std::uint8_t tag);

// Stages what a change of identity makes stale (TS 31.102 §4.2.17, §4.2.23,
// §4.2.91: TMSI, P-TMSI and signature, GUTI 'FF', update status "not
// updated"; §4.2.21, §4.2.22, TS 51.011 §10.3.13/§10.3.19: key set
// identifiers '07', no key): the files the card has.
void stage_identity_change(Uicc& card);

}  // namespace cardcore::applet
