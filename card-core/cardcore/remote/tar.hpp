#pragma once
// Toolkit Application References of the card's own OTA applications
// (TS 101 220 Annex D, TS 31.116): which application a secured packet's TAR
// (TS 102 225 §5.1) names, and the file context its commands start in
// (TS 102 226 §7.1, §7.2).
#include <cstdint>
#include <optional>

#include "cardcore/ota/packet_fields.hpp"

namespace cardcore::remote {

enum class Application : std::uint8_t {
  UiccRfm,  // RFM of the UICC shared file system: the MF is current at the start (TS 102 226 §7.1)
  UsimRfm,  // RFM of the USIM: ADF.USIM is current at the start (TS 102 226 §7.2, TS 31.116)
  SimRfm,   // RFM of the GSM SIM, CLA 'A0': DF.GSM is current at the start (TS 31.116, TS 51.011)
};

// 'B0 00 00': RFM of the UICC shared file system. 'B0 00 10': RFM of the
// SIM. 'B0 00 11'-'B0 00 1F': RFM of the USIM ('B0 00 11' in the pySim
// vector, labelled "USIM RFM"). Other TARs name no application of this card
// (PoR status 09). See README.md "TARs and command sessions".
inline constexpr ota::Tar kTarUiccRfm = {0xB0, 0x00, 0x00};
inline constexpr ota::Tar kTarSimRfm = {0xB0, 0x00, 0x10};
inline constexpr ota::Tar kTarUsimRfm = {0xB0, 0x00, 0x11};

std::optional<Application> application_of(const ota::Tar& tar);

// TS 102 226 §8.2.1.3.2.2 / TS 101 220 Annex D: '00 00 00' is the Issuer
// Security Domain (Remote Application Management).
inline constexpr ota::Tar kTarIsd = {0x00, 0x00, 0x00};

// A TAR of the card's own OTA applications (RFM or the ISD), which an
// installed applet cannot take.
bool reserved_tar(const ota::Tar& tar);

}  // namespace cardcore::remote
