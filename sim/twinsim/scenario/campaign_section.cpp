// The campaigns section: mass OTA campaigns, each a map with `name`, `kind`,
// the target `population`, `at` and the kind's keys: write-card
// (docs/WRITE-CARD.md), the SM-SR's ES4 functions (SGP.02 §5.4) and the chip
// management platform's lifecycle steps (the source document §3.2.3).
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/sms/validity_period.hpp"
#include "twinmodels/platform/onelink_query.hpp"
#include "twinsim/scenario/scenario_sections.hpp"
#include "twinsim/scenario/scenario_values.hpp"

namespace twinsim {

namespace {

using cardcore::cat::Refresh;

const std::vector<std::string> kCampaignKeys = {"name",     "kind",       "population",     "at",
                                                "over",     "batch_size", "batch_interval", "imsi_prefix",
                                                "validity", "refresh",    "profile",        "enable",
                                                "to",       "sm_dp",      "onelink",        "cards_per_request", "pol2",
                                                "numbers_from", "validity_format", "retry", "after_in_service"};

// What "no REFRESH" is in the write-card C1 field (docs/WRITE-CARD.md).
constexpr std::uint8_t kNoRefresh = 0xFF;

// The populations of `followed` (a platform's), comma separated.
std::string followed_names(const Scenario& s, const std::vector<std::uint16_t>& followed) {
  std::string names;
  for (std::uint16_t p : followed) names += (names.empty() ? "" : ", ") + s.populations[p].name;
  return names;
}

std::uint16_t read_target(const YamlField& f, const Scenario& s, CampaignKind kind) {
  const std::string name = read_name(f);
  std::string names;
  for (std::size_t i = 0; i < s.populations.size(); ++i) {
    const PopulationSpec& p = s.populations[i];
    if (p.name == name) {
      // The chip management platform steps the chips it follows only;
      // OneLink answers for the cards it follows only.
      if (chip_management_step(kind) || kind == CampaignKind::OneLinkQuery) {
        const bool chips = chip_management_step(kind);
        const auto& followed = chips ? s.chip_management.populations : s.onelink.populations;
        if (std::find(followed.begin(), followed.end(), i) == followed.end())
          f.fail("population '" + name + "' is not one " +
                 (chips ? "platforms.chip_management" : "platforms.onelink") + " follows (it follows: " +
                 followed_names(s, followed) + ")");
        return static_cast<std::uint16_t>(i);
      }
      // SMS-PP to the card goes through the modem, the SMSC and the RAN.
      if (p.device_model != DeviceModel::Modem)
        f.fail("population '" + name + "' has device_model usim; a" +
               (kind == CampaignKind::WriteCard ? std::string(" write-card") : std::string("n SM-SR")) +
               " campaign needs device_model modem");
      // The write-card platform writes a domestic card's USIM; the SM-SR
      // manages eUICCs only.
      if (kind == CampaignKind::WriteCard && p.card != "domestic")
        f.fail("population '" + name + "' has card " + p.card + "; a write-card campaign needs card domestic");
      if (carried_by_sm_sr(kind) && p.card != "international")
        f.fail("population '" + name + "' has card " + p.card + "; the SM-SR's campaigns need card international");
      return static_cast<std::uint16_t>(i);
    }
    names += (i ? ", " : "") + p.name;
  }
  f.fail("no population named '" + name + "' (the populations: " + names + ")");
}

// Devices [first, end) numbered under an IMSI prefix: IMSI = prefix + the
// device number zero padded to 15 digits (TS 23.003 §2.2).
struct ImsiRange {
  std::string prefix;
  std::uint64_t first = 0;
  std::uint64_t end = 0;
};

ImsiRange range_of(const Scenario& s, std::size_t population, const std::string& prefix) {
  ImsiRange r{prefix, 0, 0};
  for (std::size_t i = 0; i < population; ++i) r.first += s.populations[i].count;
  r.end = r.first + s.populations[population].count;
  return r;
}

// Whether two ranges with different prefixes share an IMSI: only when one
// prefix (5 digits) starts the other (6 digits, one more digit x): the
// short one's device x * 10^9 + d has the long one's device d's IMSI.
bool share_an_imsi(const ImsiRange& a, const ImsiRange& b) {
  const ImsiRange& shorter = a.prefix.size() < b.prefix.size() ? a : b;
  const ImsiRange& longer = a.prefix.size() < b.prefix.size() ? b : a;
  if (shorter.prefix.size() == longer.prefix.size() || longer.prefix.rfind(shorter.prefix, 0) != 0) return false;
  const std::uint64_t shift = static_cast<std::uint64_t>(longer.prefix.back() - '0') * 1'000'000'000ull;
  return longer.first + shift < shorter.end && shorter.first < longer.end + shift;
}

// MCC (3 digits) + MNC (2 or 3 digits), TS 23.003 §2.2, of the new
// subscriptions: they must not collide with the IMSIs the cards have, nor
// with other campaigns' new ones.
std::string read_new_imsi_prefix(const YamlField& f, const Scenario& s, const CampaignSpec& c,
                                 const std::vector<CampaignSpec>& before) {
  const std::string& p = f.text();
  bool digits = p.size() == 5 || p.size() == 6;
  for (char ch : p) digits = digits && ch >= '0' && ch <= '9';
  if (!digits) f.fail("expected 5 or 6 digits (MCC and MNC), found '" + p + "'");
  const ImsiRange mine = range_of(s, c.population, p);
  // The MSIN is the device number, zero padded to the 15 digits of an IMSI.
  std::uint64_t msin_limit = 1;
  for (std::size_t k = 0; k < 15 - p.size(); ++k) msin_limit *= 10;
  if (mine.end > msin_limit) {
    f.fail("a " + std::to_string(p.size()) + "-digit IMSI prefix leaves " + std::to_string(15 - p.size()) +
           " digits for device numbers, too few for devices " + std::to_string(mine.first) + " to " +
           std::to_string(mine.end - 1));
  }
  for (std::size_t i = 0; i < s.populations.size(); ++i) {
    const PopulationSpec& q = s.populations[i];
    if (q.imsi_prefix == p)
      f.fail("'" + p + "' is the IMSI prefix of population '" + q.name +
             "': the new IMSIs must not collide with those the cards have");
    if (share_an_imsi(mine, range_of(s, i, q.imsi_prefix)))
      f.fail("'" + p + "' gives some devices the IMSI a device of population '" + q.name + "' has (its prefix " +
             q.imsi_prefix + ")");
  }
  for (const CampaignSpec& other : before) {
    // A number migration writes numbers the cards of a population have.
    if (other.numbers_from) continue;
    // A re-numbering gives the cards other IMSIs than the round before.
    if (other.kind == CampaignKind::WriteCard && other.population == c.population && other.imsi_prefix == p)
      f.fail("'" + p + "' is the IMSI prefix of write-card campaign '" + other.name +
             "' on the same population: a re-numbering needs new IMSIs");
    if (share_an_imsi(mine, range_of(s, other.population, other.imsi_prefix)))
      f.fail("'" + p + "' gives some devices the new IMSI campaign '" + other.name + "' gives a device (its prefix " +
             other.imsi_prefix + ")");
  }
  return p;
}

// TS 23.040 §9.2.3.12.1: the relative TP-VP says 5 min steps up to 12 h, 30
// min steps up to 24 h, days up to 30, weeks up to 63.
double read_validity(const YamlField& f, const Scenario& s) {
  const twinmodels::NetTime t = read_net_time(f);
  const twinmodels::NetTime minutes = t / twinmodels::kMinute;
  const bool whole = t % twinmodels::kMinute == 0 && minutes >= 5 && minutes <= 63 * 7 * 24 * 60;
  if (!whole || cardcore::sms::relative_validity_minutes(
                    cardcore::sms::relative_validity_for_minutes(static_cast<std::uint32_t>(minutes))) != minutes) {
    f.fail("'" + f.text() +
           "' is no relative validity period (TS 23.040 §9.2.3.12.1: 5min steps to 12h, 30min steps to 24h, whole "
           "days to 30d, whole weeks to 63 weeks)");
  }
  if (t > s.network.smsc.config.max_validity)
    f.fail("'" + f.text() + "' is longer than network.smsc.max_validity: the SMSC would cut it");
  return static_cast<double>(t) / twinmodels::kSecond;
}

// The SM-SR's kinds: the profile, by its operator's name.
std::uint8_t read_profile(const YamlField& f, const PopulationSpec& p) {
  const std::string name = read_name(f);
  std::string names;
  for (std::size_t k = 0; k < p.euicc_profiles.size(); ++k) {
    if (p.euicc_profiles[k].operator_name == name) return static_cast<std::uint8_t>(k);
    names += (k ? ", " : "") + p.euicc_profiles[k].operator_name;
  }
  f.fail("population '" + p.name + "' has no profile of operator '" + name + "' (its profiles: " + names + ")");
}

// smsr-change: the new SM-SR, by id; not the one the eUICCs are with
// when no earlier change of the population moved them.
std::uint8_t read_new_sm_sr(const YamlField& f, const Scenario& s, const CampaignSpec& c,
                            const std::vector<CampaignSpec>& before) {
  const std::string id = read_name(f);
  const std::optional<std::uint8_t> found = s.sm_sr_index(id);
  if (!found) f.fail("no SM-SR with id '" + id + "' (platforms.sm_sr: " + s.sm_sr_ids() + ")");
  const PopulationSpec& p = s.populations[c.population];
  const bool moved = std::any_of(before.begin(), before.end(), [&](const CampaignSpec& b) {
    return b.kind == CampaignKind::SmSrChange && b.population == c.population;
  });
  if (!moved && *found == p.sm_sr)
    f.fail("the eUICCs of population '" + p.name + "' are with SM-SR '" + id + "' already (euicc.sm_sr)");
  return *found;
}

// download-profile: the SM-DP that takes the MNO's ES2.DownloadProfile
// orders (SGP.02 §5.3.2), by id.
std::uint8_t read_sm_dp(const YamlField& f, const Scenario& s) {
  const std::string id = read_name(f);
  const std::optional<std::uint8_t> found = s.sm_dp_index(id);
  if (!found) f.fail("no SM-DP with id '" + id + "' (platforms.sm_dp: " + s.sm_dp_ids() + ")");
  return *found;
}

// update-policy-rules: the profile's new POL2 (SGP.02 Policy Rules; the
// web-service schema's rules of an Action and a Qualification, on the
// Subject PROFILE), a list of "<ACTION> <Qualification>" (pol2.hpp); an
// empty list, no rule. A POL2 the SM-SR would refuse is refused here.
std::vector<twinmodels::platform::Pol2Rule> read_pol2(const YamlField& f) {
  namespace pf = twinmodels::platform;
  if (!f.node().IsSequence())
    f.fail("expected a list of rules such as [\"DISABLE Not-Allowed\"] (an empty list: no rule), found " + f.describe());
  std::vector<pf::Pol2Rule> rules;
  for (const YamlField& item : f.items()) {
    const std::string& text = item.text();
    const std::size_t space = text.find(' ');
    const auto action = pf::pol2_action_of(text.substr(0, space));
    const auto qualification =
        space == std::string::npos ? std::nullopt : pf::pol2_qualification_of(text.substr(space + 1));
    if (!action || !qualification)
      item.fail("expected '<ACTION> <Qualification>' (ACTION: ENABLE, DISABLE or DELETE; Qualification: Not-Allowed "
                "or Auto-Delete), found '" + text + "'");
    rules.push_back({*action, *qualification});
  }
  if (const auto error = pf::pol2_error(rules)) f.fail("not a POL2 the SM-SR takes: " + *error);
  return rules;
}

// A write-card campaign on population p: not one whose numbers an earlier
// number migration moved to replacement terminals (they are out of service,
// their numbers in other cards).
void check_not_migrated(const YamlField& population, const Scenario& s, const CampaignSpec& c,
                        const std::vector<CampaignSpec>& before) {
  for (const CampaignSpec& b : before) {
    if (b.kind == CampaignKind::WriteCard && b.numbers_from == c.population)
      population.fail("the numbers of population '" + s.populations[c.population].name + "' moved to population '" +
                      s.populations[b.population].name + "' with campaign '" + b.name + "' (line " +
                      std::to_string(b.line) + "): its terminals have no number left to write over");
  }
}

// The platforms that keep a migrated number's bindings (the source
// document §2.4): chip management records the number moving between the
// two chips, so it follows both populations or neither; OneLink follows the
// number under the failed terminals' account, so not the replacements'
// cards besides. OneNET's record of a migration is not modelled.
void check_migration_platforms(const YamlField& f, const Scenario& s, std::uint16_t failed, std::uint16_t replacements) {
  auto in = [](const std::vector<std::uint16_t>& v, std::uint16_t p) { return std::find(v.begin(), v.end(), p) != v.end(); };
  const std::string& from = s.populations[failed].name;
  const std::string& to = s.populations[replacements].name;
  const auto& chips = s.chip_management.populations;
  if (in(chips, failed) != in(chips, replacements))
    f.fail("platforms.chip_management follows population '" + (in(chips, failed) ? from : to) + "' but not '" +
           (in(chips, failed) ? to : from) + "': a number migration moves the number between their chips, so it "
           "follows both or neither");
  if (in(s.onelink.populations, replacements))
    f.fail("platforms.onelink follows population '" + to + "': OneLink follows a migrated number under the failed "
           "terminals' account (name '" + from + "' only)");
  if (in(s.onenet.populations, failed) || in(s.onenet.populations, replacements))
    f.fail("not supported yet: OneNET's record of a number migration (platforms.onenet follows '" +
           (in(s.onenet.populations, failed) ? from : to) + "')");
}

// write-card `numbers_from`: the number migration of the source document
// §2.4 (空中写号 to a new terminal, the service bindings kept). Device i of
// the campaign's population takes the subscription of device i of this one:
// a domestic, modem population of the same count, whose cards still carry
// their factory numbers (no write-card campaign on it) and whose numbers no
// other migration moved. That its terminals are switched off in time is
// checked with the faults (check_number_migrations).
std::uint16_t read_numbers_from(const YamlField& f, const Scenario& s, const CampaignSpec& c,
                                const std::vector<CampaignSpec>& before) {
  const std::string name = read_name(f);
  std::optional<std::uint16_t> found;
  std::string names;
  for (std::size_t i = 0; i < s.populations.size(); ++i) {
    if (s.populations[i].name == name) found = static_cast<std::uint16_t>(i);
    names += (i ? ", " : "") + s.populations[i].name;
  }
  if (!found) f.fail("no population named '" + name + "' (the populations: " + names + ")");
  const PopulationSpec& from = s.populations[*found];
  const PopulationSpec& to = s.populations[c.population];
  if (*found == c.population) f.fail("a number migration moves numbers to other terminals: not population '" + name + "' itself");
  if (from.device_model != DeviceModel::Modem || from.card != "domestic")
    f.fail("population '" + name + "' has " +
           (from.device_model != DeviceModel::Modem ? std::string("device_model usim") : "card " + from.card) +
           "; the numbers a migration moves are domestic cards' in modem devices (card domestic, device_model modem)");
  if (from.count != to.count)
    f.fail("population '" + name + "' has " + std::to_string(from.count) + " devices and population '" + to.name +
           "' " + std::to_string(to.count) + ": device i of one takes the number of device i of the other, so the "
           "counts must be equal");
  check_migration_platforms(f, s, *found, c.population);
  for (const CampaignSpec& b : before) {
    if (b.kind != CampaignKind::WriteCard) continue;
    if (b.population == *found)
      f.fail("write-card campaign '" + b.name + "' (line " + std::to_string(b.line) + ") writes the cards of population '" +
             name + "': a migration moves the factory numbers of terminals no campaign wrote");
    if (b.numbers_from == *found)
      f.fail("the numbers of population '" + name + "' moved already, with campaign '" + b.name + "' (line " +
             std::to_string(b.line) + ")");
  }
  return *found;
}

constexpr const char* kOneLinkKinds = "applies to download-profile and smsr-change campaigns only";

// download-profile, smsr-change: `onelink: true`, the customer orders it
// through OneLink (the source document §3.2.1), which follows the
// population's cards and asks the foreign platform to install and enable
// the profile (OneLink.ProfileDownload) or to take the eUICC over
// (OneLink.SmSrSwitch).
bool read_via_onelink(const YamlField& f, const Scenario& s, const CampaignSpec& c) {
  const bool via = read_word<bool>(f, "onelink", {{"true", true}, {"false", false}});
  if (!via) return false;
  if (c.kind != CampaignKind::DownloadProfile && c.kind != CampaignKind::SmSrChange) f.fail(kOneLinkKinds);
  const auto& followed = s.onelink.populations;
  if (std::find(followed.begin(), followed.end(), c.population) == followed.end())
    f.fail("OneLink does not follow population '" + s.populations[c.population].name +
           "': name it in platforms.onelink.populations");
  if (c.kind == CampaignKind::DownloadProfile && !c.enable)
    f.fail("OneLink.ProfileDownload installs and enables the profile: a download through OneLink needs enable: true");
  return true;
}

CampaignSpec read_campaign(const YamlField& item, const Scenario& s, const std::vector<CampaignSpec>& before) {
  const YamlSection m(item, kCampaignKeys);
  CampaignSpec c;
  c.line = item.line();
  const YamlField name = m.need("name");
  c.name = read_name(name);
  for (std::size_t j = 0; j < before.size(); ++j) {
    if (before[j].name == c.name)
      name.fail("campaign '" + c.name + "' is defined twice (first as campaigns[" + std::to_string(j) + "], line " +
                std::to_string(before[j].line) + ")");
  }
  c.kind = read_word<CampaignKind>(m.need("kind"), "campaign kind",
                                   {{"write-card", CampaignKind::WriteCard},
                                    {"enable-profile", CampaignKind::EnableProfile},
                                    {"disable-profile", CampaignKind::DisableProfile},
                                    {"delete-profile", CampaignKind::DeleteProfile},
                                    {"set-fallback", CampaignKind::SetFallbackAttribute},
                                    {"audit-eis", CampaignKind::AuditEis},
                                    {"set-emergency", CampaignKind::SetEmergencyProfileAttribute},
                                    {"download-profile", CampaignKind::DownloadProfile},
                                    {"get-eis", CampaignKind::GetEis},
                                    {"smsr-change", CampaignKind::SmSrChange},
                                    {"chip-suspend", CampaignKind::ChipSuspend},
                                    {"chip-resume", CampaignKind::ChipResume},
                                    {"chip-deactivate", CampaignKind::ChipDeactivate},
                                    {"chip-scrap", CampaignKind::ChipScrap},
                                    {"onelink-query", CampaignKind::OneLinkQuery},
                                    {"update-policy-rules", CampaignKind::UpdatePolicyRules}});
  if (chip_management_step(c.kind) && s.chip_management.populations.empty())
    m.need("kind").fail("'" + m.need("kind").text() +
                        "' is a campaign of the chip management platform, which runs only with "
                        "platforms.chip_management; this scenario has none");
  if (c.kind == CampaignKind::OneLinkQuery && s.onelink.populations.empty())
    m.need("kind").fail("'onelink-query' is the customers' query at OneLink, which runs only with platforms.onelink; "
                        "this scenario has none");
  const YamlField population = m.need("population");
  c.population = read_target(population, s, c.kind);
  const YamlField at = m.need("at");
  c.at_s = read_duration(at);
  if (const auto f = m.find("after_in_service")) {
    c.after_in_service = read_word<bool>(*f, "value", {{"true", true}, {"false", false}});
    const auto supply = s.chip_management.supply.find(c.population);
    if (c.after_in_service && (supply == s.chip_management.supply.end() || !supply->second.flow))
      f->fail("population '" + s.populations[c.population].name +
              "' has no supply flow (platforms.chip_management.supply[i].flow): its devices go into service at no "
              "unit's time");
    if (c.after_in_service && (m.find("batch_size") || m.find("batch_interval")))
      f->fail("releases each device after its own going into service: no batch_size or batch_interval");
  }
  for (std::size_t j = 0; j < before.size(); ++j) {
    // Write-card campaigns released after the devices' going into service
    // and at the run's times cannot be ordered: one to a population then.
    if (c.kind == CampaignKind::WriteCard && before[j].kind == CampaignKind::WriteCard &&
        before[j].population == c.population && (c.after_in_service || before[j].after_in_service))
      at.fail("write-card campaign '" + before[j].name + "' (campaigns[" + std::to_string(j) + "]) writes population '" +
              s.populations[c.population].name + "' too: a write-card campaign after the devices' going into service "
              "must be the population's only one");
    // A re-numbering: the cards take the writes in the campaigns' order,
    // each round's counters above the last's (campaign_platforms.hpp), so
    // a later write-card campaign on a population starts after an earlier.
    if (c.kind == CampaignKind::WriteCard && before[j].kind == CampaignKind::WriteCard &&
        before[j].population == c.population && c.at_s <= before[j].at_s)
      at.fail("a write-card campaign on population '" + s.populations[c.population].name +
              "' must start after write-card campaign '" + before[j].name + "' (campaigns[" + std::to_string(j) +
              "], line " + std::to_string(before[j].line) + ") on it: the cards take the writes in the campaigns' order");
  }
  const auto over = m.find("over");
  if (over) c.over_s = read_duration(*over);
  // The write module releases the population in batches (population
  // order), or each device at its own draw over `over`: not both.
  const auto batch_size = m.find("batch_size");
  const auto batch_interval = m.find("batch_interval");
  if (batch_size) {
    if (over) batch_size->fail("give either `over` (a uniform spread) or `batch_size` with `batch_interval`, not both");
    c.batch_size = read_whole(*batch_size, 1);
    if (!batch_interval) batch_size->fail("`batch_size` needs `batch_interval`: the time between two batches");
  }
  if (batch_interval) {
    if (!batch_size) batch_interval->fail("`batch_interval` needs `batch_size`: the devices of one batch");
    c.batch_interval_s = read_duration(*batch_interval);
    if (c.batch_interval_s <= 0) batch_interval->fail("the time between two batches must be longer than 0s, found " + batch_interval->text());
  }
  const auto per_request = m.find("cards_per_request");
  if (per_request && c.kind != CampaignKind::OneLinkQuery)
    per_request->fail("applies to onelink-query campaigns only: the cards one request of OneLink's customer API names");
  // One request names at most kMaxCardsPerQuery cards (onelink_query.hpp).
  if (per_request)
    c.cards_per_request = static_cast<std::uint32_t>(read_whole(*per_request, 1, twinmodels::platform::kMaxCardsPerQuery));
  if (chip_management_step(c.kind) || c.kind == CampaignKind::OneLinkQuery) {
    // A request at the platform: no SMS, no subscription, no profile.
    for (const char* key : {"validity", "imsi_prefix", "refresh", "profile", "enable", "to", "sm_dp", "onelink", "pol2",
                            "numbers_from", "retry"}) {
      if (const auto f = m.find(key))
        f->fail(chip_management_step(c.kind)
                    ? std::string("a chip management campaign takes name, kind, population, at, over, batch_size and "
                                  "batch_interval only")
                    : std::string("an onelink-query campaign takes name, kind, population, at, over, batch_size, "
                                  "batch_interval and cards_per_request only"));
    }
    return c;
  }
  if (const auto f = m.find("validity")) c.validity_s = read_validity(*f, s);
  // The first SM-DP unless it names one.
  if (const auto f = m.find("sm_dp")) {
    // SGP.02 §5.3: the SM-DP's ES2 functions on the MNO's behalf.
    const bool relayed = c.kind == CampaignKind::EnableProfile || c.kind == CampaignKind::DisableProfile ||
                         c.kind == CampaignKind::DeleteProfile || c.kind == CampaignKind::AuditEis ||
                         c.kind == CampaignKind::GetEis || c.kind == CampaignKind::UpdatePolicyRules;
    if (c.kind != CampaignKind::DownloadProfile && !relayed)
      f->fail("applies to download-profile, enable-profile, disable-profile, delete-profile, audit-eis, get-eis and "
              "update-policy-rules campaigns only");
    c.sm_dp = read_sm_dp(*f, s);
    c.via_sm_dp = relayed;
  } else if (c.kind == CampaignKind::GetEis) {
    // SGP.02 §5.3.1: GetEIS is the SM-DP's ES2 function (the SM-SR's ES4
    // offers none to the MNO in the twin).
    m.need("kind").fail("a get-eis campaign needs `sm_dp`: the MNO asks an SM-DP for the EIS (ES2.GetEIS)");
  }
  if (carried_by_sm_sr(c.kind)) {
    for (const char* key : {"imsi_prefix", "refresh", "numbers_from", "validity_format"}) {
      if (const auto f = m.find(key)) f->fail("applies to write-card campaigns only");
    }
    if (names_a_profile(c.kind))
      c.profile = read_profile(m.need("profile"), s.populations[c.population]);
    else if (const auto f = m.find("profile"))
      f->fail(c.kind == CampaignKind::AuditEis ? "an audit names no profile: it reads them all"
              : c.kind == CampaignKind::GetEis ? "a get-eis campaign names no profile: the EIS has them all"
                                               : "an SM-SR change names no profile: the eUICC goes over with all of them");
    if (c.kind == CampaignKind::SmSrChange) {
      c.to = read_new_sm_sr(m.need("to"), s, c, before);
    } else if (const auto f = m.find("to")) {
      f->fail("applies to smsr-change campaigns only");
    }
    const auto enable = m.find("enable");
    if (c.kind == CampaignKind::DownloadProfile) {
      // The SM-DP's stock: the profiles the factory did not install.
      const EuiccProfileSpec& p = s.populations[c.population].euicc_profiles[c.profile];
      if (p.installed)
        m.need("profile").fail("the profile of '" + p.operator_name +
                               "' is on the cards from the factory; a download needs one with state: not-installed");
      if (enable) c.enable = read_word<bool>(*enable, "enable", {{"true", true}, {"false", false}});
    } else if (enable) {
      enable->fail("applies to download-profile campaigns only");
    }
    if (c.kind == CampaignKind::UpdatePolicyRules) {
      c.pol2 = read_pol2(m.need("pol2"));
    } else if (const auto f = m.find("pol2")) {
      f->fail("applies to update-policy-rules campaigns only");
    }
    if (const auto f = m.find("onelink")) c.via_onelink = read_via_onelink(*f, s, c);
    if (const auto f = m.find("retry")) {
      // The MNO's own calls: at the SM-SR (ES4) or at the SM-DP (ES2). An
      // SM-SR change and OneLink's orders have their own steps.
      if (c.kind == CampaignKind::SmSrChange || c.via_onelink)
        f->fail("applies to the MNO's calls at the SM-SR (ES4) and its orders at the SM-DP (ES2): not to an SM-SR "
                "change or an order through OneLink");
      c.retry = read_retry(*f);
    }
    return c;
  }
  for (const char* key : {"profile", "enable"}) {
    if (const auto f = m.find(key)) f->fail("applies to the SM-SR's and the SM-DP's campaigns only");
  }
  if (const auto f = m.find("pol2")) f->fail("applies to update-policy-rules campaigns only");
  if (const auto f = m.find("onelink")) f->fail(kOneLinkKinds);
  // The write module sends again on its own (platforms.write_module.max_attempts, retry_after).
  if (const auto f = m.find("retry")) f->fail("applies to the SM-SR's and the SM-DP's campaigns only: the write module sends again on its own (platforms.write_module.retry_after)");
  check_not_migrated(population, s, c, before);
  if (const auto from = m.find("numbers_from")) {
    if (const auto f = m.find("imsi_prefix"))
      f->fail("a number migration (numbers_from) writes the failed terminals' own numbers: it takes no imsi_prefix");
    c.numbers_from = read_numbers_from(*from, s, c, before);
    c.numbers_from_where = from->where();
  } else {
    c.imsi_prefix = read_new_imsi_prefix(m.need("imsi_prefix"), s, c, before);
  }
  if (const auto f = m.find("validity_format")) {
    // TS 23.040 §9.2.3.12: TP-VPF relative (10) or absolute (11).
    c.validity_absolute = read_word<bool>(*f, "validity format", {{"relative", false}, {"absolute", true}});
    if (c.validity_absolute && !c.validity_s)
      f->fail("an absolute validity period needs `validity`: how long after the submission the time stamp says");
  }
  if (const auto f = m.find("refresh")) {
    // TS 102 223 §8.6, the REFRESH command qualifier; the modes the applet
    // accepts (docs/WRITE-CARD.md, C1): no file list needed.
    c.refresh_mode = read_word<std::uint8_t>(*f, "refresh mode",
                                             {{"naa-init-full-file-change", Refresh::kNaaInitAndFullFileChange},
                                              {"naa-init", Refresh::kNaaInit},
                                              {"uicc-reset", Refresh::kUiccReset},
                                              {"naa-application-reset", Refresh::kNaaApplicationReset},
                                              {"naa-session-reset", Refresh::kNaaSessionReset},
                                              {"none", kNoRefresh}});
  }
  return c;
}

}  // namespace

void read_campaigns(const YamlField& list, Scenario& s) {
  std::vector<CampaignSpec> campaigns;
  const std::vector<YamlField> items = list.items();
  // Campaign numbers are 16-bit in the run; the top ones tag the SM-SRs'
  // messages in the SMSC (modem_world.hpp).
  constexpr std::size_t kMaxCampaigns = 0xFFFF - kMaxSmSrs;
  if (items.size() > kMaxCampaigns) items[kMaxCampaigns].fail("at most " + std::to_string(kMaxCampaigns) + " campaigns");
  for (const YamlField& item : items) campaigns.push_back(read_campaign(item, s, campaigns));
  s.campaigns = std::move(campaigns);
}

}  // namespace twinsim
