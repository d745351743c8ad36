// AUTHENTICATE on the USIM, TS 31.102 §7.1: the 3G/EPS security context with
// Milenage (TS 35.206) and SQN verification (TS 33.102 §6.3.3, Annex C), and
// the GSM security context derived by c2/c3 (TS 33.102 §6.8.1.2).

#include "cardcore/auth/auts.hpp"
#include "cardcore/auth/gsm_conversion.hpp"
#include "cardcore/auth/milenage.hpp"
#include "cardcore/auth/sqn_array.hpp"
#include "cardcore/card/session.hpp"
#include "cardcore/card/uicc.hpp"
#include "cardcore/util/wipe.hpp"

namespace cardcore {

namespace {
constexpr std::uint16_t kFidUst = 0x6F38;  // TS 31.102 §4.2.8 EF.UST
constexpr unsigned kServiceGsmAccess = 27;
constexpr unsigned kServiceGsmSecurityContext = 38;

// The subscriber key K and OPc, read from NVM and wiped on scope exit.
struct KeyMaterial {
  std::uint8_t bytes[32];
  explicit KeyMaterial(const Nvm& nvm, std::uint32_t addr) { nvm.read(addr, bytes); }
  ~KeyMaterial() { wipe(bytes, sizeof bytes); }
  const std::uint8_t* k() const { return bytes; }
  const std::uint8_t* opc() const { return bytes + 16; }
};
}  // namespace

MilenageConstants Uicc::milenage_constants() const {
  MilenageConstants m = MilenageConstants::standard();
  for (int i = 0; i < 5; ++i) {
    m.r[i] = profile_->auth.r[i];
    m.c[i] = Block128{};
    m.c[i][15] = profile_->auth.c_last_byte[i];
  }
  return m;
}

// TS 31.102 §4.2.8: service n is available when bit (n-1) of EF.UST is set.
bool Uicc::usim_service(std::uint32_t adf, unsigned n) const {
  const std::uint32_t ust = find_child(adf, kFidUst);
  if (ust == kNoFile || (n - 1) / 8 >= node(ust).size) return false;
  return (nvm_.read_u8(node(ust).body_addr + (n - 1) / 8) >> ((n - 1) % 8)) & 1u;
}

StatusWord Uicc::cmd_authenticate(const CommandApdu& c, Channel& ch, Response& r) {
  // P2 (§7.1.2): b8 '1' = specific reference data; b3-b1 the context.
  if (c.p1 != 0x00) return sw::kIncorrectP1P2;
  const bool gsm_context = c.p2 == 0x80;
  if (!gsm_context && c.p2 != 0x81) return sw::kIncorrectP1P2;
  if (c.kind != ApduCase::Case3 && c.kind != ApduCase::Case4) return sw::kWrongLength;
  if (ch.adf == kNoFile) return sw::kConditionsNotSatisfied;  // only within the USIM
  if (!effective_keys().has(key_ref::kPin1)) return sw::kSecurityStatusNotSatisfied;

  const ByteView d = c.data;
  // Data: L RAND (16) for the GSM context, then L AUTN (16) for 3G.
  if (d.size() < 17 || d[0] != 16) return sw::kIncorrectData;
  const std::uint8_t* rand = d.data() + 1;
  const KeyMaterial key(nvm_, profile_->auth.key_addr);
  const Milenage milenage(key.k(), key.opc(), milenage_constants());

  if (gsm_context) {
    if (d.size() != 17) return sw::kIncorrectData;
    if (!usim_service(ch.adf, kServiceGsmSecurityContext)) return sw::kConditionsNotSatisfied;
    const GsmTriplet t = gsm_milenage(milenage, rand);
    r.push(4);
    r.append(t.sres);
    r.push(8);
    r.append(t.kc);
    return sw::kOk;
  }

  if (d.size() != 34 || d[17] != 16) return sw::kIncorrectData;
  const std::uint8_t* autn = d.data() + 18;
  const MilenageAuth a = milenage.authenticate(rand, autn);
  // TS 33.102 §6.3.3: MAC first; a wrong MAC is an authentication error.
  if (!a.mac_ok) return sw::kAuthenticationError;

  const AuthSpec& spec = profile_->auth;
  const SqnArray sqn({spec.sqn_ind_bits, spec.sqn_delta, spec.sqn_age_limit});
  std::uint8_t image[SqnArray::kMaxBytes];
  const std::span<std::uint8_t> view(image, sqn.image_bytes());
  nvm_.read(spec.sqn_addr, view);
  const SqnCheck verdict = sqn.check(view, load_sqn48(a.sqn.data()));
  if (!verdict.accepted()) {
    // Synchronisation failure: 'DC' L AUTS (§7.1.2.1, TS 33.102 §6.3.3).
    const Auts auts = compute_auts(milenage, rand, sqn.sqn_ms(view));
    r.push(0xDC);
    r.push(static_cast<std::uint8_t>(auts.size()));
    r.append(auts);
    return sw::kOk;
  }
  nvm_.begin();
  nvm_.write(spec.sqn_addr + static_cast<std::uint32_t>(verdict.write.offset()), verdict.write.bytes);
  if (StatusWord s = commit(); s != sw::kOk) return s;

  // '3G security context' response: 'DB' L RES L CK L IK, and L Kc when
  // service n°27 (GSM Access) is available (§7.1.2.1).
  r.push(0xDB);
  r.push(8);
  r.append(a.res);
  r.push(16);
  r.append(a.ck);
  r.push(16);
  r.append(a.ik);
  if (usim_service(ch.adf, kServiceGsmAccess)) {
    r.push(8);
    r.append(c3(a.ck.data(), a.ik.data()));
  }
  return sw::kOk;
}

}  // namespace cardcore
