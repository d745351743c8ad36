#include "twinsim/engine/campaign_platforms.hpp"

#include <cmath>
#include <cstdio>

#include "twinmodels/ota/ota_error.hpp"
#include "twinmodels/ota/write_card_campaign.hpp"
#include "twinsim/engine/modem_world.hpp"

namespace twinsim {

namespace {

using cardcore::sms::Address;
using cardcore::sms::NumberingPlan;
using cardcore::sms::TypeOfNumber;

// The write-card platform's number (TP-OA of its messages): our choice.
const Address kPlatformNumber{TypeOfNumber::International, NumberingPlan::Isdn, "8610659999"};

// The device's number as TP-DA (device_msisdn).
Address device_number(std::uint32_t device) {
  return {TypeOfNumber::International, NumberingPlan::Isdn, device_msisdn(device)};
}

}  // namespace

std::uint32_t migrated_from(const Scenario& s, std::uint16_t campaign, std::uint32_t device) {
  const CampaignSpec& c = s.campaigns.at(campaign);
  std::uint64_t to = 0, from = 0;
  for (std::uint16_t p = 0; p < s.populations.size(); ++p) {
    if (p < c.population) to += s.populations[p].count;
    if (p < *c.numbers_from) from += s.populations[p].count;
  }
  return static_cast<std::uint32_t>(from + (device - to));
}

std::string device_msisdn(std::uint32_t device) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "86148%08u", device % 100000000u);
  return digits;
}

cardcore::sms::ValidityPeriod campaign_validity(const CampaignSpec& spec) {
  if (!spec.validity_s) return {};
  // TS 23.040 §9.2.3.12.1: the shortest relative TP-VP lasting at least the campaign's.
  const auto minutes = static_cast<std::uint32_t>(std::ceil(*spec.validity_s / 60.0));
  return cardcore::sms::RelativeValidity{cardcore::sms::relative_validity_for_minutes(minutes)};
}

struct CampaignPlatforms::Impl {
  const Scenario& scenario;
  std::uint64_t devices;
  twinmodels::SmsClock clock;
  std::vector<std::unique_ptr<twinmodels::ota::WriteCardPlatform>> platforms;  // per campaign

  twinmodels::ota::WriteCardOrder order(std::uint16_t c, std::uint32_t d, std::uint32_t attempt) const {
    const CampaignSpec& spec = scenario.campaigns.at(c);
    const std::size_t round = write_round(scenario, c);
    // The module's own numbering: behind the round after a restore of its
    // records from an old backup (write_module_round()).
    const std::size_t numbered = write_module_round(scenario, c);
    twinmodels::ota::WriteCardOrder o;
    o.subscriber = d;
    // Round r's subscription: HSS subscriber (1 + r) x devices + d
    // (subscriber_of_imsi() maps the new IMSI there); each round its own
    // write id, so that the applet tells a re-numbering from a repeat.
    if (spec.numbers_from) {
      // A number migration (the source document §2.4): device i of the
      // population takes device i's of the failed one — its IMSI and its
      // HSS subscriber (K, OPc; the HSS keeps its SQN).
      const std::uint32_t failed = migrated_from(scenario, c, d);
      o.new_subscriber = failed;
      o.new_imsi = imsi_for(scenario.populations[*spec.numbers_from].imsi_prefix, failed);
    } else {
      o.new_subscriber = devices * (1 + round) + d;
      o.new_imsi = imsi_for(spec.imsi_prefix, d);
    }
    o.write_id = static_cast<std::uint32_t>(1 + numbered);
    o.refresh_mode = spec.refresh_mode;
    // A card as personalized holds counter 0; attempt n of round r carries
    // r x max_attempts + n, higher than any earlier attempt's, of this
    // round or an earlier one (TS 102 225 §5.1.1 "counter higher").
    // A module restored from an old backup numbers a later round as one it
    // forgot: counters the cards saw already, refused as "counter low".
    o.counter = static_cast<cardcore::ota::Counter>(numbered * scenario.write_module.config.max_attempts + attempt - 1);
    return o;
  }
};

CampaignPlatforms::CampaignPlatforms(const Scenario& s, std::uint64_t devices,
                                     std::vector<std::shared_ptr<const cardcore::ProfileTemplate>> profiles)
    : impl_(std::make_unique<Impl>(Impl{s, devices, s.network.smsc.config.clock, {}})),
      service_centre_{TypeOfNumber::International, NumberingPlan::Isdn, s.network.smsc.address} {
  for (const CampaignSpec& c : s.campaigns) {
    // Other kinds are the SM-SR's (sm_sr_run.hpp).
    if (c.kind != CampaignKind::WriteCard) {
      impl_->platforms.emplace_back();
      continue;
    }
    impl_->platforms.push_back(
        std::make_unique<twinmodels::ota::WriteCardPlatform>(*profiles.at(c.population), s.general.seed, kPlatformNumber));
  }
}

CampaignPlatforms::~CampaignPlatforms() = default;

cardcore::sms::SmsSubmit CampaignPlatforms::submit(std::uint16_t campaign, std::uint32_t device, std::uint32_t attempt,
                                                   SimTime t, double skew_s) const {
  const CampaignSpec& spec = impl_->scenario.campaigns.at(campaign);
  // TS 23.040 §9.2.3.12.2: an absolute TP-VP is the time stamp the validity
  // ends at, by the sender's clock.
  const cardcore::sms::ValidityPeriod vp =
      spec.validity_absolute ? cardcore::sms::ValidityPeriod{impl_->clock.timestamp(t + to_simtime(skew_s + *spec.validity_s))}
                             : campaign_validity(spec);
  auto sms = impl_->platforms.at(campaign)->messages(impl_->order(campaign, device, attempt), device_number(device),
                                                     impl_->clock.timestamp(0), vp);
  return sms.front().submit;
}

std::vector<cardcore::Bytes> CampaignPlatforms::delivers(std::uint16_t campaign, std::uint32_t device,
                                                         std::uint32_t attempt, SimTime t) const {
  std::vector<cardcore::Bytes> out;
  for (auto& m : impl_->platforms.at(campaign)->messages(impl_->order(campaign, device, attempt), device_number(device),
                                                         impl_->clock.timestamp(t)))
    out.push_back(std::move(m.deliver));
  return out;
}

CampaignPlatforms::PorReading CampaignPlatforms::read_por(std::uint16_t campaign, std::uint32_t device,
                                                          std::uint32_t attempt, cardcore::ByteView report,
                                                          bool ack) const {
  try {
    const twinmodels::ota::WriteCardPor p = impl_->platforms.at(campaign)->read_por(
        impl_->order(campaign, device, attempt), report,
        ack ? cardcore::sms::ReportForm::Ack : cardcore::sms::ReportForm::Error);
    if (!p.por.ok()) return {-1, kPorStatusRow + static_cast<int>(p.por.status)};
    if (!p.response) return {};
    const int result = static_cast<int>(p.response->result);
    return {result, result};
  } catch (const twinmodels::ota::OtaError&) {
    return {};
  }
}

}  // namespace twinsim
