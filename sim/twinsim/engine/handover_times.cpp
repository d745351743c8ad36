#include "twinsim/engine/handover_times.hpp"

#include <algorithm>

#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/modem_world.hpp"
#include "twinmodels/nearest_rank.hpp"

namespace twinsim {

namespace {

namespace st = twinmodels::state;

constexpr char kHandoverMagic[5] = "HOVR";
constexpr std::uint16_t kHandoverVersion = 1;

bool is_handover(CampaignKind k) {
  return k == CampaignKind::SmSrChange || k == CampaignKind::DownloadProfile || k == CampaignKind::EnableProfile;
}

}  // namespace

bool HandoverTimes::wanted(const Scenario& s) {
  return std::any_of(s.campaigns.begin(), s.campaigns.end(), [](const CampaignSpec& c) { return is_handover(c.kind); });
}

HandoverTimes::HandoverTimes(const Scenario& s, const std::vector<Submission>& submissions, std::uint64_t devices)
    : ordered_at_(devices, kNone), registered_at_(devices, kNone), done_at_(devices, kNone), sms_(devices, 0),
      failed_(devices, 0) {
  for (const CampaignSpec& c : s.campaigns) campaign_.push_back(is_handover(c.kind));
  for (const Submission& o : submissions) {  // in time order: the first is the order
    if (!campaign_.at(o.campaign) || o.device >= devices || ordered_at_[o.device] != kNone) continue;
    ordered_at_[o.device] = o.t;
  }
}

bool HandoverTimes::handover_campaign(std::uint16_t campaign) const {
  return campaign < campaign_.size() && campaign_[campaign];
}

void HandoverTimes::registered(SimTime t, std::uint32_t device) {
  if (device < ordered_at_.size() && ordered_at_[device] != kNone && t >= ordered_at_[device])
    registered_at_[device] = t;
}

void HandoverTimes::sms_submitted(SimTime t, std::uint32_t device) {
  if (device < ordered_at_.size() && ordered_at_[device] != kNone && t >= ordered_at_[device]) ++sms_[device];
}

void HandoverTimes::call_failed(std::uint32_t device) {
  if (device < ordered_at_.size() && ordered_at_[device] != kNone) failed_[device] = 1;
}

void HandoverTimes::profile_changed(SimTime t, std::uint32_t device) {
  if (device >= ordered_at_.size() || ordered_at_[device] == kNone || done_at_[device] != kNone) return;
  if (t < ordered_at_[device] || registered_at_[device] == kNone) return;
  done_at_[device] = registered_at_[device];
}

HandoverCounters HandoverTimes::counters() const {
  HandoverCounters c;
  std::vector<double> times;
  std::uint64_t sms = 0;
  for (std::size_t d = 0; d < ordered_at_.size(); ++d) {
    if (ordered_at_[d] == kNone) continue;
    ++c.ordered;
    sms += sms_[d];
    if (done_at_[d] != kNone) {
      times.push_back(to_seconds(done_at_[d] - ordered_at_[d]));
    } else if (failed_[d]) {
      ++c.failed;
    }
  }
  std::sort(times.begin(), times.end());
  c.done = times.size();
  c.p50_s = twinmodels::nearest_rank(times, 0.5);
  c.p90_s = twinmodels::nearest_rank(times, 0.9);
  c.max_s = times.empty() ? 0 : times.back();
  c.sms_per_device = c.ordered ? static_cast<double>(sms) / static_cast<double>(c.ordered) : 0;
  return c;
}

// "HOVR", version u16 (1), devices u32, then per ordered device with
// anything recorded, ascending: device u32, registered_at i64, done_at
// i64 (-1 none), SMS u32, failed u8; rows u32 before them; CRC-32.
cardcore::Bytes HandoverTimes::save_state() const {
  cardcore::Bytes out;
  st::put_header(out, kHandoverMagic, kHandoverVersion);
  st::put_u32(out, static_cast<std::uint32_t>(ordered_at_.size()));
  std::vector<std::uint32_t> rows;
  for (std::uint32_t d = 0; d < ordered_at_.size(); ++d)
    if (registered_at_[d] != kNone || done_at_[d] != kNone || sms_[d] || failed_[d]) rows.push_back(d);
  st::put_u32(out, static_cast<std::uint32_t>(rows.size()));
  for (std::uint32_t d : rows) {
    st::put_u32(out, d);
    st::put_u64(out, static_cast<std::uint64_t>(registered_at_[d]));
    st::put_u64(out, static_cast<std::uint64_t>(done_at_[d]));
    st::put_u32(out, sms_[d]);
    st::put_u8(out, failed_[d]);
  }
  st::put_crc(out);
  return out;
}

void HandoverTimes::restore_state(cardcore::ByteView in) {
  st::Reader r(in, "handover times");
  r.sealed_header(kHandoverMagic, kHandoverVersion);
  const std::uint32_t devices = r.u32("devices");
  if (devices != ordered_at_.size())
    r.fail("saved for " + std::to_string(devices) + " devices, the run has " + std::to_string(ordered_at_.size()));
  std::vector<SimTime> registered(devices, kNone), done(devices, kNone);
  std::vector<std::uint32_t> sms(devices, 0);
  std::vector<std::uint8_t> failed(devices, 0);
  std::int64_t previous = -1;
  for (std::uint32_t i = 0, n = r.count("rows", 25); i < n; ++i) {
    const std::uint32_t d = r.u32("device");
    if (d >= devices || static_cast<std::int64_t>(d) <= previous)
      r.fail("device " + std::to_string(d) + " out of range or out of order");
    previous = d;
    if (ordered_at_[d] == kNone) r.fail("device " + std::to_string(d) + " has no order of a handover campaign");
    registered[d] = r.i64("registered at");
    done[d] = r.i64("done at");
    if (registered[d] < kNone || done[d] < kNone) r.fail("device " + std::to_string(d) + ": a negative time");
    sms[d] = r.u32("SMS");
    failed[d] = r.flag("failed") ? 1 : 0;
  }
  r.expect_end();
  registered_at_ = std::move(registered);
  done_at_ = std::move(done);
  sms_ = std::move(sms);
  failed_ = std::move(failed);
}

}  // namespace twinsim
