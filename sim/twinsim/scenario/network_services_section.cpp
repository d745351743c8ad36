// network.smsc, network.ran and network.mme: the SMS centre, the RAN cells
// and the MME's NAS level congestion control of the modem device model. The
// checks are those of twinmodels' SmscConfig, RanCellConfig and
// NasCongestionConfig (smsc.cpp, ran_cell.cpp, nas_congestion.cpp,
// rate_limiter.hpp), made here so that they fail at the key.
#include <string>

#include "twinmodels/network/gprs_timer.hpp"
#include "twinsim/scenario/scenario_sections.hpp"
#include "twinsim/scenario/scenario_values.hpp"

namespace twinsim {

namespace {

using twinmodels::NetTime;

// The token buckets' bound (RateLimiter: 0 < rate <= 10^6 per second).
constexpr double kMaxRate = 1e6;

NetTime read_positive_time(const YamlField& f, const std::string& what) {
  const NetTime t = read_net_time(f);
  if (t <= 0) f.fail(what + " must be longer than 0s, found " + f.text());
  return t;
}

// An international number (ITU-T E.164 §6: at most 15 digits), with or
// without the leading '+'; stored as digits.
std::string read_e164(const YamlField& f) {
  const std::string& text = f.text();
  const std::string digits = !text.empty() && text[0] == '+' ? text.substr(1) : text;
  bool ok = !digits.empty() && digits.size() <= 15;
  for (char c : digits) ok = ok && c >= '0' && c <= '9';
  if (!ok)
    f.fail("expected an E.164 number: 1 to 15 digits, optionally after '+' (ITU-T E.164 §6), found '" + text + "'");
  return digits;
}

}  // namespace

void read_smsc(const YamlSection& m, SmscSpec& spec) {
  twinmodels::SmscConfig& c = spec.config;
  if (const auto f = m.find("rate")) c.rate_per_second = read_positive_decimal(*f, kMaxRate);
  if (const auto f = m.find("burst")) c.burst = static_cast<std::uint32_t>(read_whole(*f, 1, 0xFFFFFFFFull));
  if (const auto f = m.find("retry")) {
    const std::vector<YamlField> items = f->items();
    // Smsc: the n-th failure waits retry[n-1], the last entry repeats.
    if (items.empty()) f->fail("needs at least one wait (the last one repeats)");
    c.retry_schedule.clear();
    for (const YamlField& item : items) c.retry_schedule.push_back(read_positive_time(item, "a retry wait"));
  }
  const auto validity = m.find("validity");
  if (validity) c.default_validity = read_positive_time(*validity, "the default validity");
  if (const auto f = m.find("max_validity")) {
    c.max_validity = read_positive_time(*f, "the maximum validity");
    if (c.max_validity < c.default_validity) {
      f->fail("the maximum validity " + f->text() + " is shorter than the default validity " +
              (validity ? validity->text() : "(24h by default)"));
    }
  } else if (c.max_validity < c.default_validity) {
    validity->fail("the default validity " + validity->text() + " is longer than the maximum validity (7d by default)");
  }
  if (const auto f = m.find("address")) spec.address = read_e164(*f);
  if (const auto f = m.find("delivery_latency")) spec.delivery_latency_s = read_duration(*f);
  // Checked once the network is read (check_topology_use).
  if (const auto f = m.find("node")) {
    spec.node = read_name(*f);
    spec.node_where = f->where();
  }
}

void read_ran(const YamlSection& m, RanSpec& spec) {
  twinmodels::RanCellConfig& c = spec.cell;
  if (const auto f = m.find("rrc_setups_per_second")) c.rrc_setups_per_second = read_positive_decimal(*f, kMaxRate);
  if (const auto f = m.find("burst")) c.burst = static_cast<std::uint32_t>(read_whole(*f, 1, 0xFFFFFFFFull));
  if (const auto f = m.find("max_admission_delay")) c.max_admission_delay = read_net_time(*f);
  if (const auto f = m.find("reject_wait")) {
    // TS 36.331 §6.2.2 RRCConnectionReject: waitTime INTEGER (1..16) seconds.
    c.reject_wait_time = read_net_time(*f);
    if (c.reject_wait_time < twinmodels::kSecond || c.reject_wait_time > 16 * twinmodels::kSecond ||
        c.reject_wait_time % twinmodels::kSecond != 0)
      f->fail("expected whole seconds from 1s to 16s (TS 36.331 RRCConnectionReject waitTime), found " + f->text());
  }
  // TS 36.321 Table 7.2-1: indices 13..15 are reserved.
  if (const auto f = m.find("backoff_indicator"))
    c.backoff_indicator = static_cast<std::uint8_t>(read_whole(*f, 0, 12));
  if (const auto f = m.find("cells")) spec.cells = static_cast<int>(read_whole(*f, 1, 65535));
}

twinmodels::NasCongestionConfig read_mme(const YamlSection& m) {
  twinmodels::NasCongestionConfig c;
  if (const auto f = m.find("attaches_per_second")) c.attaches_per_second = read_positive_decimal(*f, kMaxRate);
  if (const auto f = m.find("burst")) c.burst = static_cast<std::uint32_t>(read_whole(*f, 1, 0xFFFFFFFFull));
  // T3346 travels as a GPRS timer 2 (TS 24.008 §10.5.7.4): whole minutes up
  // to 31 decihours; NasCongestionControl draws whole minutes.
  const NetTime longest = twinmodels::gprs_timer_max(twinmodels::GprsTimerKind::Timer);
  auto read_t3346 = [&](const YamlField& f) {
    const NetTime t = read_net_time(f);
    if (t < twinmodels::kMinute || t > longest || t % twinmodels::kMinute != 0)
      f.fail("expected whole minutes from 1min to 186min (T3346 is a GPRS timer 2, TS 24.008 §10.5.7.4), found " +
             f.text());
    return t;
  };
  const auto min = m.find("t3346_min");
  if (min) c.t3346_min = read_t3346(*min);
  if (const auto f = m.find("t3346_max")) {
    c.t3346_max = read_t3346(*f);
    if (c.t3346_max < c.t3346_min)
      f->fail("t3346_max " + f->text() + " is shorter than t3346_min " + (min ? min->text() : "(15min by default)"));
  } else if (c.t3346_max < c.t3346_min) {
    min->fail("t3346_min " + min->text() + " is longer than t3346_max (30min by default)");
  }
  return c;
}

}  // namespace twinsim
