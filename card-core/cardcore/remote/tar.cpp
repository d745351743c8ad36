#include "cardcore/remote/tar.hpp"

namespace cardcore::remote {

// TS 101 220 Annex D: 'B0 00 00' to 'B0 FF FF' are RFM applications. Our
// reading of the sub-ranges (the table was not at hand): 'B0 00 00' the UICC
// shared file system; in the 3GPP range 'B0 00 10'-'B0 00 1F' (TS 31.116)
// 'B0 00 10' the SIM and the rest the USIM, as pySim's tests name the TARs
// of sysmocom's cards ("SIM RFM: B00010, USIM RFM: B00011").
std::optional<Application> application_of(const ota::Tar& tar) {
  if (tar == kTarUiccRfm) return Application::UiccRfm;
  if (tar == kTarSimRfm) return Application::SimRfm;
  if (tar[0] == 0xB0 && tar[1] == 0x00 && (tar[2] & 0xF0) == 0x10) return Application::UsimRfm;
  return std::nullopt;
}

bool reserved_tar(const ota::Tar& tar) { return tar == kTarIsd || application_of(tar).has_value(); }

}  // namespace cardcore::remote
