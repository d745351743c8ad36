// The populations section: groups of identical devices.
#include <optional>
#include <string>
#include <vector>

#include "twinmodels/certification/product_library.hpp"
#include "twinsim/scenario/scenario_sections.hpp"
#include "twinsim/scenario/scenario_values.hpp"

namespace twinsim {

namespace {

// Devices are numbered with 32 bits in the engine and the run file.
constexpr std::uint64_t kMaxDevices = 0xFFFFFFFFull;
// populations[i].nvm_history: at most ten million updates a card (ten
// times the automotive grades' rated cycles; a card's history costs about a
// microsecond an update at set-up).
constexpr std::uint64_t kMaxNvmHistory = 10'000'000;
// The run file stores a device's population index in 16 bits.
constexpr std::size_t kMaxPopulations = 65536;

// The profile description a card kind uses when the population names none:
// an international card's profiles are made from the domestic one too.
std::string default_profile(const std::string&) { return "profiles/cmcc-domestic-usim.prof"; }

std::string read_card_kind(const YamlField& f) {
  const std::string& kind = f.text();
  if (kind == "domestic" || kind == "international") return kind;
  f.fail("unknown card kind '" + kind + "' (allowed: domestic, international)");
}

// MCC (3 digits) + MNC (2 or 3 digits), TS 23.003 §2.2.
std::string read_imsi_prefix(const YamlField& f) {
  const std::string& p = f.text();
  bool digits = p.size() == 5 || p.size() == 6;
  for (char c : p) digits = digits && c >= '0' && c <= '9';
  if (!digits) f.fail("expected 5 or 6 digits (MCC and MNC), found '" + p + "'");
  return p;
}

void read_start(const YamlSection& m, StartSpec& start) {
  if (const auto f = m.find("profile")) {
    start.profile = read_word<StartProfile>(*f, "start profile",
                                            {{"at-once", StartProfile::AtOnce},
                                             {"uniform", StartProfile::Uniform},
                                             {"exponential", StartProfile::Exponential}});
  }
  if (const auto f = m.find("at")) start.at_s = read_duration(*f);
  const auto over = m.find("over");
  if (over) start.over_s = read_duration(*over);
  if (start.profile == StartProfile::AtOnce && start.over_s > 0) {
    over->fail("an at-once start has no spread; remove 'over' or choose uniform or exponential");
  }
  if (start.profile == StartProfile::Exponential && start.over_s <= 0) {
    // The exponential's mean is `over`: zero would be a degenerate distribution.
    if (over) over->fail("an exponential start needs a mean delay 'over' longer than 0s");
    throw scenario_error(m.field().source(), m.field().mark(), m.field().path() + ".over",
                         "required with an exponential start (the mean delay)");
  }
}

void read_activity(const YamlSection& m, ActivitySpec& activity) {
  const auto period = m.find("period");
  if (period) {
    activity.period_s = read_duration(*period);
    if (activity.period_s <= 0) period->fail("the period must be longer than 0s, found " + period->text());
  }
  if (const auto jitter = m.find("jitter")) {
    activity.jitter_s = read_duration(*jitter);
    // A jitter as long as the period could schedule the next wake at or before now.
    if (activity.jitter_s >= activity.period_s) {
      const std::string period_text =
          period ? period->text() : "(" + std::to_string(static_cast<long long>(activity.period_s)) + "s by default)";
      jitter->fail("the jitter " + jitter->text() + " must be shorter than the period " + period_text);
    }
  }
}

const std::vector<std::string> kPopulationKeys = {
    "name",  "count", "card",         "profile",      "grade",     "form", "modem", "region", "imsi_prefix",
    "start", "activity", "node", "device_model", "power_saving", "connected", "pin", "euicc", "activity_data",
    "activity_sms", "temperature", "card_retry", "nvm_history", "product"};

// populations[i].product: {library, name}: the population's card must be
// product `name` of the product library (the source document §4.2-§4.3;
// docs/CERTIFICATION.md "The product library"), the same card file that
// was certified — for an international card, its eUICC's platform file —:
// only a certified product is deployed.
void check_product(const YamlField& f, const PopulationSpec& p) {
  namespace cert = twinmodels::certification;
  const YamlSection m(f, {"library", "name"});
  const YamlField library_field = m.need("library");
  const YamlField name_field = m.need("name");
  const std::string library = library_field.text(), name = read_name(name_field);
  cert::ProductLibrary lib;
  try {
    lib = cert::ProductLibrary::parse(read_text_file(library, "product library"), library);
  } catch (const std::exception& e) {
    library_field.fail(e.what());
  }
  const cert::ProductEntry* entry = lib.find(name);
  if (!entry)
    name_field.fail("product '" + name + "' is not in the product library " + library +
                    ": only a certified card enters it (esimtwin certify CARD --library " + library + " --product " +
                    name + ")");
  const bool euicc = p.card == "international";
  const std::string& file = euicc ? p.euicc_platform : p.profile;
  std::string card;
  try {
    card = read_text_file(file, euicc ? "eUICC platform" : "card profile");
  } catch (const std::exception& e) {
    f.fail(e.what());
  }
  if (cert::card_digest(card) != entry->sha256)
    name_field.fail("the population's " + std::string(euicc ? "eUICC platform " : "card ") + file +
                    " is not the card certified as product '" + name + "' (" + entry->card +
                    "): their SHA-256 differ; certify it again");
}

// The platform (profiles/euicc-platform.prof) has ISD-P records 2-8.
constexpr std::size_t kMaxEuiccProfiles = 7;

// populations[i].euicc.profiles: the factory's profiles of an international
// card (SGP.02 §3.1); one enabled, at most one with the fall-back attribute
// (SGP.02 §3.4), distinct MNOs and IMSI prefixes.
std::vector<EuiccProfileSpec> read_euicc_profiles(const YamlField& list) {
  const std::vector<YamlField> items = list.items();
  if (items.empty()) list.fail("needs at least one profile");
  if (items.size() > kMaxEuiccProfiles)
    items[kMaxEuiccProfiles].fail("at most 7 profiles (the eUICC platform has 7 ISD-P records)");
  std::vector<EuiccProfileSpec> out;
  int enabled = 0, fallback = 0;
  for (const YamlField& item : items) {
    const YamlSection m(item, {"operator", "imsi_prefix", "state", "fallback", "package", "subscribers"});
    EuiccProfileSpec p;
    const YamlField op = m.need("operator");
    p.operator_name = read_name(op);
    const YamlField prefix = m.need("imsi_prefix");
    p.imsi_prefix = read_imsi_prefix(prefix);
    for (const EuiccProfileSpec& q : out) {
      if (q.operator_name == p.operator_name) op.fail("operator '" + p.operator_name + "' has a profile on the card already");
      if (q.imsi_prefix == p.imsi_prefix)
        prefix.fail("'" + p.imsi_prefix + "' is the IMSI prefix of the profile of '" + q.operator_name + "' already");
    }
    if (const auto f = m.find("state")) {
      enum class State { Enabled, Disabled, NotInstalled };
      const State st = read_word<State>(*f, "profile state",
                                        {{"enabled", State::Enabled}, {"disabled", State::Disabled},
                                         {"not-installed", State::NotInstalled}});
      p.enabled = st == State::Enabled;
      p.installed = st != State::NotInstalled;
      // The first profile is the card's own: its IMSI prefix is the population's.
      if (!p.installed && out.empty()) f->fail("the first profile is on the card from the factory; not-installed needs a later one");
    }
    if (const auto f = m.find("package")) {
      if (p.installed) f->fail("applies to profiles with state: not-installed (the SM-DP's SAIP package)");
      p.package = f->text();
      if (p.package.empty()) f->fail("must name a SAIP package file (or be left out for profiles/saip/cmcc-m2m.der)");
    }
    if (const auto f = m.find("subscribers"))
      p.hss_subscribers = read_word<bool>(*f, "subscribers at the HSS", {{"hss", true}, {"none", false}});
    if (const auto f = m.find("fallback")) p.fallback = read_word<bool>(*f, "fall-back attribute", {{"true", true}, {"false", false}});
    if (p.enabled && ++enabled > 1) m.need("state").fail("a second enabled profile (SGP.02: one profile is enabled)");
    if (p.fallback && !p.installed) m.need("fallback").fail("a profile not on the card has no attributes there");
    if (p.fallback && ++fallback > 1)
      m.need("fallback").fail("a second profile with the fall-back attribute (SGP.02 §3.4: at most one)");
    out.push_back(p);
  }
  if (enabled == 0) list.fail("no profile has state: enabled (SGP.02: one profile is enabled)");
  return out;
}

// TS 102 221 §9.5.2: a PIN is 4 to 8 ASCII digits.
std::string read_pin(const YamlField& f) {
  const std::string& pin = f.text();
  bool digits = pin.size() >= 4 && pin.size() <= 8;
  for (char c : pin) digits = digits && c >= '0' && c <= '9';
  if (!digits) f.fail("expected 4 to 8 digits (TS 102 221 §9.5.2), found '" + pin + "'");
  return pin;
}

// device_model and the keys only the modem model reads.
void read_device_model(const YamlSection& m, PopulationSpec& p) {
  if (const auto f = m.find("device_model")) {
    p.device_model =
        read_word<DeviceModel>(*f, "device model", {{"usim", DeviceModel::Usim}, {"modem", DeviceModel::Modem}});
  }
  if (p.device_model != DeviceModel::Modem) {
    for (const char* key : {"power_saving", "connected", "pin", "activity_data", "activity_sms", "card_retry"}) {
      if (const auto f = m.find(key))
        f->fail("applies to device_model modem only (the usim model has no modem, RAN, PSM or PIN entry)");
    }
    return;
  }
  std::optional<YamlSection> power_saving;
  if (const auto f = m.find("power_saving")) {
    power_saving.emplace(*f, std::vector<std::string>{"t3324", "t3412", "edrx", "drx_cycle", "card"});
  }
  p.power_saving = read_power_saving(m.field(), power_saving, p.modem);
  if (power_saving) {
    if (const auto f = power_saving->find("card"))
      p.card_off_in_psm = read_word<bool>(*f, "card in PSM", {{"off", true}, {"on", false}});
  }
  if (const auto f = m.find("connected")) {
    p.connected_s = read_duration(*f);
    // The eNB's inactivity timer: zero would release before any exchange.
    if (p.connected_s <= 0)
      f->fail("the RRC connection must last longer than 0s after the last activity, found " + f->text());
  }
  if (const auto f = m.find("pin")) p.pin = read_pin(*f);
  if (const auto f = m.find("activity_data")) p.activity_data_bytes = read_byte_count(*f);
  // One SMS-SUBMIT each (TS 23.040 §9.2.2.2); at most 255, as many as
  // the segments of one concatenated message (§9.2.3.24.1).
  if (const auto f = m.find("activity_sms")) p.activity_sms = static_cast<std::uint32_t>(read_whole(*f, 0, 255));
  if (const auto f = m.find("card_retry")) {
    const double s = read_duration(*f);
    // Whole seconds, below the modem's 32-bit count of them.
    if (s < 1 || s > 0xFFFFFFFFu || s != static_cast<double>(static_cast<std::uint32_t>(s)))
      f->fail("expected whole seconds from 1s, found " + f->text());
    p.card_retry_s = static_cast<std::uint32_t>(s);
  }
}

// Reads populations[i] and checks it against those before it in `s`.
PopulationSpec read_population(const YamlField& item, const Scenario& s, std::vector<int>& name_lines) {
  const YamlSection m(item, kPopulationKeys);
  PopulationSpec p;
  const YamlField name = m.need("name");
  p.name = read_name(name);
  for (std::size_t j = 0; j < s.populations.size(); ++j) {
    if (s.populations[j].name == p.name) {
      name.fail("population '" + p.name + "' is defined twice (first as populations[" + std::to_string(j) + "], line " +
                std::to_string(name_lines[j]) + ")");
    }
  }
  name_lines.push_back(name.line());

  const YamlField count = m.need("count");
  p.count = read_whole(count, 1, kMaxDevices);
  const std::uint64_t first = s.device_count();
  if (p.count > kMaxDevices - first) {
    count.fail("the populations add up to " + std::to_string(first + p.count) +
               " devices, more than 4294967295 (2^32-1)");
  }

  const auto card = m.find("card");
  if (card) p.card = read_card_kind(*card);
  p.profile = default_profile(p.card);
  if (const auto f = m.find("profile")) {
    p.profile = f->text();
    if (p.profile.empty()) f->fail("must name a profile file (or be left out for the card kind's default)");
  }
  if (const auto f = m.find("grade")) {
    p.grade = read_word<CardGrade>(*f, "grade",
                                   {{"consumer", CardGrade::Consumer},
                                    {"industrial", CardGrade::Industrial},
                                    {"automotive-1", CardGrade::Automotive1},
                                    {"automotive-2", CardGrade::Automotive2}});
  }
  if (const auto f = m.find("form")) {
    p.form = read_word<CardForm>(
        *f, "form",
        {{"patch-5x6", CardForm::Patch5x6}, {"patch-2x2", CardForm::Patch2x2}, {"esim-chip", CardForm::EsimChip}});
  }
  if (const auto f = m.find("modem")) {
    p.modem = read_word<ModemProfile>(*f, "modem",
                                      {{"gsm", ModemProfile::Gsm},
                                       {"lte-cat1", ModemProfile::LteCat1},
                                       {"lte-m", ModemProfile::LteM},
                                       {"nb-iot", ModemProfile::NbIot}});
  }
  if (const auto f = m.find("region")) p.region = f->text();
  if (const auto f = m.find("temperature")) {
    if (p.card != "domestic") f->fail("applies to card domestic only (the wear of an eUICC's NVM is not modelled)");
    p.temperature = read_temperature(*f, s.general.stop_s);
  }
  if (const auto f = m.find("nvm_history")) {
    if (p.card != "domestic") f->fail("applies to card domestic only (an eUICC's field history is not modelled)");
    p.nvm_history = read_whole(*f, 0, kMaxNvmHistory);
  }

  const auto prefix = m.find("imsi_prefix");
  const auto euicc = m.find("euicc");
  if (p.card == "international") {
    if (prefix) prefix->fail("an international card's IMSI prefixes are its profiles' (euicc.profiles[k].imsi_prefix)");
    if (!euicc)
      throw scenario_error(m.field().source(), m.field().mark(), m.field().path() + ".euicc",
                           "required with card international (its profiles)");
    const YamlSection e(*euicc, {"profiles", "platform", "sm_sr", "scp81"});
    p.euicc_profiles = read_euicc_profiles(e.need("profiles"));
    if (const auto f = e.find("platform")) {
      p.euicc_platform = f->text();
      if (p.euicc_platform.empty()) f->fail("must name a profile file (or be left out for profiles/euicc-platform.prof)");
    }
    p.imsi_prefix = p.euicc_profiles.front().imsi_prefix;
    // By id, resolved once platforms.sm_sr is read (resolve_population_sm_srs).
    if (const auto f = e.find("sm_sr")) {
      p.sm_sr_name = read_name(*f);
      p.sm_sr_where = f->where();
    }
    // Checked against its SM-SR once platforms.sm_sr is read (resolve_population_sm_srs).
    if (const auto f = e.find("scp81")) {
      p.scp81 = read_word<bool>(*f, "SCP81 keys", {{"true", true}, {"false", false}});
      p.scp81_where = f->where();
    }
  } else {
    if (euicc) euicc->fail("applies to card international only");
    if (prefix) p.imsi_prefix = read_imsi_prefix(*prefix);
  }
  // After the card's files are known (profile, eUICC platform).
  if (const auto f = m.find("product")) check_product(*f, p);
  // The MSIN is the device number, zero padded to the 15 digits of an IMSI.
  std::vector<std::string> prefixes = {p.imsi_prefix};
  for (std::size_t k = 1; k < p.euicc_profiles.size(); ++k) prefixes.push_back(p.euicc_profiles[k].imsi_prefix);
  for (const std::string& pre : prefixes) {
    const std::size_t msin_digits = 15 - pre.size();
    std::uint64_t msin_limit = 1;
    for (std::size_t k = 0; k < msin_digits; ++k) msin_limit *= 10;
    if (first + p.count > msin_limit) {
      (prefix ? *prefix : euicc ? *euicc : count)
          .fail("a " + std::to_string(pre.size()) + "-digit IMSI prefix" + (euicc ? " (" + pre + ")" : std::string()) + " leaves " +
                std::to_string(msin_digits) + " digits for device numbers, too few for devices " +
                std::to_string(first) + " to " + std::to_string(first + p.count - 1));
    }
  }

  if (const auto f = m.find("node")) {
    p.node = read_name(*f);
    p.node_where = f->where();
  }
  if (const auto f = m.find("start")) read_start(YamlSection(*f, {"profile", "at", "over"}), p.start);
  if (const auto f = m.find("activity")) read_activity(YamlSection(*f, {"period", "jitter"}), p.activity);
  read_device_model(m, p);
  // The eUICC's profile switches need the modem's REFRESH and SMS.
  if (p.card == "international" && p.device_model != DeviceModel::Modem)
    card->fail("card international needs device_model modem (the usim model drives a USIM only)");
  return p;
}

}  // namespace

void read_populations(const YamlField& list, Scenario& s) {
  const std::vector<YamlField> items = list.items();
  if (items.empty()) list.fail("needs at least one population");
  if (items.size() > kMaxPopulations) items[kMaxPopulations].fail("at most 65536 populations");
  std::vector<int> name_lines;
  for (const YamlField& item : items) s.populations.push_back(read_population(item, s, name_lines));
}

}  // namespace twinsim
