#include "personalization_options.hpp"

#include <stdexcept>

#include "cardcore/auth/milenage.hpp"

namespace esimtwin {

void add_personalization_options(CLI::App* cmd, PersonalizationOptions& opts) {
  auto* iccid = cmd->add_option("--iccid", opts.iccid, "Personalize: ICCID without its check digit (18-19 digits)");
  auto* imsi = cmd->add_option("--imsi", opts.imsi, "Personalize: IMSI (up to 15 digits)");
  auto* k = cmd->add_option("--k", opts.k, "Personalize: subscriber key K (32 hex digits)");
  auto* opc = cmd->add_option("--opc", opts.opc, "Personalize: OPc (32 hex digits)");
  auto* op = cmd->add_option("--op", opts.op, "Personalize: OP instead of OPc (32 hex digits)");
  opc->excludes(op);
  iccid->needs(imsi)->needs(k);
  imsi->needs(iccid);
  k->needs(iccid);
  opc->needs(iccid);
  op->needs(iccid);
}

std::optional<cardcore::Personalization> personalization_of(const PersonalizationOptions& opts) {
  if (opts.iccid.empty()) return std::nullopt;
  const cardcore::Bytes k = cardcore::from_hex(opts.k);
  cardcore::Bytes opc;
  if (!opts.op.empty()) {
    // TS 35.206 §4.1: OPc = OP xor E_K(OP).
    const cardcore::Bytes op = cardcore::from_hex(opts.op);
    if (k.size() != 16 || op.size() != 16) throw std::invalid_argument("K and OP must be 16 bytes");
    const cardcore::Block128 v = cardcore::Milenage::opc_from_op(k.data(), op.data());
    opc.assign(v.begin(), v.end());
  } else if (!opts.opc.empty()) {
    opc = cardcore::from_hex(opts.opc);
  } else {
    throw std::invalid_argument("--opc or --op is required with --iccid");
  }
  return cardcore::Personalization{opts.iccid, opts.imsi, k, opc};
}

}  // namespace esimtwin
