// OneNet::save_state() / restore_state(): OneNET's state for simulator
// checkpoints, little-endian (state/state_bytes.hpp); text is a u32 length
// and the bytes:
//
//   "ONET", version u16 (1)
//   products u32 x (id, customer)
//   devices u32, in registration order (device id 1, 2, ...) x (product,
//     chip id, IMEI, ICCID, state u8, suspended u8, registered i64,
//     since i64, data points u64, bytes u64, last data point i64 (-1: none))
//   totals: registrations, deletions, suspensions, resumptions, data points,
//     data point bytes, data points refused (u64 each)
//   CRC-32 u32 of everything before it
#include <set>
#include <stdexcept>
#include <string>

#include "twinmodels/platform/onenet.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels::platform {

namespace {

constexpr char kOneNetMagic[5] = "ONET";
constexpr std::uint16_t kOneNetVersion = 1;
constexpr std::size_t kMaxOneNetText = 256;

}  // namespace

cardcore::Bytes OneNet::save_state() const {
  namespace st = state;
  cardcore::Bytes out;
  st::put_header(out, kOneNetMagic, kOneNetVersion);
  st::put_u32(out, static_cast<std::uint32_t>(products_.size()));
  for (const OneNetProduct& p : products_) {
    st::put_text(out, p.id);
    st::put_text(out, p.customer);
  }
  st::put_u32(out, static_cast<std::uint32_t>(devices_.size()));
  for (const OneNetDevice& d : devices_) {
    st::put_text(out, d.product);
    st::put_text(out, d.identity.chip_id);
    st::put_text(out, d.identity.imei);
    st::put_text(out, d.identity.iccid);
    st::put_u8(out, static_cast<std::uint8_t>(d.state));
    st::put_u8(out, d.suspended ? 1 : 0);
    st::put_u64(out, static_cast<std::uint64_t>(d.registered_ms));
    st::put_u64(out, static_cast<std::uint64_t>(d.since_ms));
    st::put_u64(out, d.datapoints);
    st::put_u64(out, d.bytes);
    st::put_u64(out, static_cast<std::uint64_t>(d.last_datapoint_ms));
  }
  for (std::uint64_t v : {totals_.registrations, totals_.deletions, totals_.suspensions, totals_.resumptions,
                          totals_.datapoints, totals_.datapoint_bytes, totals_.datapoints_refused})
    st::put_u64(out, v);
  st::put_crc(out);
  return out;
}

void OneNet::restore_state(cardcore::ByteView in) {
  state::Reader r(in, "OneNET");
  r.sealed_header(kOneNetMagic, kOneNetVersion);
  std::vector<OneNetProduct> products;
  std::set<std::string> product_ids;
  for (std::uint32_t n = r.count("products", 8); n > 0; --n) {
    OneNetProduct p;
    p.id = r.text("product id", kMaxOneNetText);
    p.customer = r.text("product's customer", kMaxOneNetText);
    if (p.id.empty()) r.fail("a product without an id");
    if (!product_ids.insert(p.id).second) r.fail("product " + p.id + " twice");
    products.push_back(std::move(p));
  }
  std::vector<OneNetDevice> devices;
  std::set<std::string> live_chips, live_imeis;
  for (std::uint32_t n = r.count("devices", 58); n > 0; --n) {
    OneNetDevice d;
    d.id = devices.size() + 1;
    d.product = r.text("device's product", kMaxOneNetText);
    if (!product_ids.count(d.product)) r.fail("device " + std::to_string(d.id) + " of no product " + d.product);
    d.identity.chip_id = r.text("chip id", kMaxOneNetText);
    d.identity.imei = r.text("IMEI", kMaxOneNetText);
    d.identity.iccid = r.text("ICCID", kMaxOneNetText);
    if (d.identity.chip_id.empty()) r.fail("device " + std::to_string(d.id) + " without a chip id");
    const std::uint8_t state = r.u8("device state");
    if (state > static_cast<std::uint8_t>(OneNetDeviceState::Deleted))
      r.fail("device state " + std::to_string(state) + " is not one");
    d.state = static_cast<OneNetDeviceState>(state);
    d.suspended = r.flag("suspended");
    d.registered_ms = r.i64("registered");
    d.since_ms = r.i64("since");
    d.datapoints = r.u64("data points");
    d.bytes = r.u64("bytes");
    d.last_datapoint_ms = r.i64("last data point");
    if (d.last_datapoint_ms < -1 || (d.datapoints == 0) != (d.last_datapoint_ms == -1))
      r.fail("device " + std::to_string(d.id) + " has " + std::to_string(d.datapoints) +
             " data points and last data point " + std::to_string(d.last_datapoint_ms));
    if (d.state != OneNetDeviceState::Deleted) {
      // A chip and an IMEI have one device not deleted, the latest (no
      // later device of the chip).
      if (!live_chips.insert(d.identity.chip_id).second)
        r.fail("chip " + d.identity.chip_id + " has two devices not deleted");
      if (!d.identity.imei.empty() && !live_imeis.insert(d.identity.imei).second)
        r.fail("IMEI " + d.identity.imei + " has two devices not deleted");
    } else if (live_chips.count(d.identity.chip_id)) {
      r.fail("chip " + d.identity.chip_id + " has a deleted device after one not deleted");
    }
    devices.push_back(std::move(d));
  }
  OneNetTotals t;
  t.registrations = r.u64("registrations");
  t.deletions = r.u64("deletions");
  t.suspensions = r.u64("suspensions");
  t.resumptions = r.u64("resumptions");
  t.datapoints = r.u64("data points counted");
  t.datapoint_bytes = r.u64("data point bytes counted");
  t.datapoints_refused = r.u64("data points refused");
  r.expect_end();
  if (t.registrations != devices.size())
    r.fail(std::to_string(t.registrations) + " registrations for " + std::to_string(devices.size()) + " devices");
  products_ = std::move(products);
  devices_ = std::move(devices);
  totals_ = t;
  index();
}

}  // namespace twinmodels::platform
