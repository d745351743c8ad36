// The platforms and network sections: the servers the devices talk to and
// the core network between them.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "twinmodels/platform/onelink_query.hpp"
#include "twinsim/scenario/scenario_sections.hpp"
#include "twinsim/scenario/scenario_values.hpp"

namespace twinsim {

namespace {

void read_hss(const YamlSection& m, HssSpec& hss) {
  if (const auto f = m.find("host")) {
    hss.host = read_name(*f);
    // The engine names its multiplexer hosts mux-0, mux-1, ...: one SimGrid
    // platform cannot hold two hosts of one name.
    if (hss.host.rfind("mux-", 0) == 0) f->fail("'" + hss.host + "': host names starting with 'mux-' are the engine's");
  }
  if (const auto f = m.find("speed")) {
    hss.speed_flops = read_flops(*f);
    if (hss.speed_flops <= 0) f->fail("a host needs a speed above 0f, found " + f->text());
  }
  // One SimGrid host; a farm larger than this would be several hosts.
  if (const auto f = m.find("cores")) hss.cores = static_cast<int>(read_whole(*f, 1, 4096));
  if (const auto f = m.find("flops_per_vector")) hss.flops_per_vector = read_flops(*f);
  if (const auto f = m.find("flops_per_resync")) hss.flops_per_resync = read_flops(*f);
  // With no room in the queue every request would be rejected for ever.
  if (const auto f = m.find("queue_limit")) hss.queue_limit = read_whole(*f, 1);
}

// A platform's `node`: a node of network.topology, checked once the
// network is read (check_topology_use).
void read_platform_node(const YamlSection& m, std::string& node, std::string& where) {
  if (const auto f = m.find("node")) {
    node = read_name(*f);
    where = f->where();
  }
}

// The checks are WriteModule's (write_module.cpp, rate_limiter.hpp), made
// here so that they fail at the key.
void read_write_module(const YamlSection& m, WriteModuleSpec& spec, const HssSpec& hss) {
  twinmodels::ota::WriteModuleConfig& c = spec.config;
  if (const auto f = m.find("host")) {
    spec.host = read_name(*f);
    // Both are tables /platforms/<host> of the run file.
    if (spec.host == hss.host) f->fail("'" + spec.host + "' is the HSS's host name: the run file keeps one table per name");
  }
  if (const auto f = m.find("workers")) c.workers = static_cast<std::uint32_t>(read_whole(*f, 1, 100000));
  if (const auto f = m.find("service_time")) c.service_time = read_net_time(*f);
  // RateLimiter: 0 < rate <= 10^6 per second.
  if (const auto f = m.find("submit_rate")) c.submit_rate = read_positive_decimal(*f, 1e6);
  if (const auto f = m.find("burst")) c.submit_burst = static_cast<std::uint32_t>(read_whole(*f, 1, 0xFFFFFFFFull));
  // One byte per order counts them (write_module.hpp).
  if (const auto f = m.find("max_attempts")) c.max_attempts = static_cast<std::uint32_t>(read_whole(*f, 1, 255));
  if (const auto f = m.find("retry_after")) c.retry_after = read_net_time(*f);
  read_platform_node(m, spec.node, spec.node_where);
}

// A platform's host name: its table /platforms/<host> in the run file, one
// per name; `before` are the hosts of the platforms read before it.
std::string read_platform_host(const YamlField& f, std::initializer_list<std::string> before) {
  const std::string host = read_name(f);
  for (const std::string& other : before) {
    if (host == other) f.fail("'" + host + "' is the host name of another platform: the run file keeps one table per name");
  }
  return host;
}

// The functions each platform's server serves in runs, by the names its
// requests carry (SGP.02 §5's interfaces and functions; the chip management
// platform's steps are ours): the keys of its `service_times`.
const std::vector<std::string> kSmSrFunctions = {
    // ES4, the MNO's calls and the SM-SR change's orders (SGP.02 §5.4).
    "ES4.EnableProfile", "ES4.DisableProfile", "ES4.DeleteProfile", "ES4.SetFallbackAttribute",
    "ES4.SetEmergencyProfileAttribute", "ES4.AuditEIS", "ES4.PrepareSMSRChange", "ES4.SMSRChange",
    // ES3, the SM-DPs' calls (§5.5).
    "ES3.CreateISDP", "ES3.SendData", "ES3.ProfileDownloadCompleted", "ES3.EnableProfile", "ES3.DisableProfile",
    "ES3.DeleteISDP", "ES3.AuditEIS", "ES3.GetEIS",
    // ES7, the new SM-SR's scripts through the current one (§5.7), and the
    // new SM-SR's own ES5 steps after a change (§3.8).
    "ES7.SendData", "ES5.FinaliseISDRhandover", "ES5.UpdateConnectivityParameters", "ES5.DeleteKeySet"};
// ES2, the MNOs' orders (§5.3).
const std::vector<std::string> kSmDpFunctions = {"ES2.DownloadProfile", "ES2.EnableProfile", "ES2.DisableProfile",
                                                 "ES2.DeleteProfile", "ES2.AuditEIS",      "ES2.GetEIS"};

// notification_retry of an SM-SR or an SM-DP (SGP.02 §5.1.3: a
// notification its receiver could not take is sent again).
void read_notification_retry(const YamlSection& m, std::optional<NotificationRetrySpec>& out, std::string& where) {
  const auto f = m.find("notification_retry");
  if (!f) return;
  out = read_retry(*f);
  where = f->where();
}

const std::vector<std::string> kSmSrKeys = {"id",           "host",           "address",         "max_attempts",
                                           "workers",      "service_time",   "queue_limit",     "admission_rate",
                                           "burst",        "failure_ratio",  "node",          "https",
                                           "service_times", "notification_retry"};

// An SM-SR's admin server (GP Amendment B; SGP.02 §2.4.4): an IPv4
// address in dotted decimal (the eUICC's channel destination, TS 102 223
// §8.58), a TCP port, the Host header and the URI of its first POST.
AdminServerSpec read_admin_server(const YamlSection& m) {
  AdminServerSpec a;
  const YamlField address = m.need("address");
  const std::string& t = address.text();
  std::size_t i = 0;
  bool ok = true;
  for (std::size_t k = 0; k < 4 && ok; ++k) {
    if (k > 0) ok = i < t.size() && t[i++] == '.';
    unsigned v = 0;
    std::size_t digits = 0;
    for (; ok && i < t.size() && t[i] >= '0' && t[i] <= '9' && digits < 3; ++i, ++digits) v = v * 10 + (t[i] - '0');
    ok = ok && digits > 0 && v <= 255;
    a.ipv4[k] = static_cast<std::uint8_t>(v);
  }
  if (!ok || i != t.size()) address.fail("expected an IPv4 address in dotted decimal (192.0.2.10), found '" + t + "'");
  if (const auto f = m.find("port")) a.port = static_cast<std::uint16_t>(read_whole(*f, 1, 65535));
  if (const auto f = m.find("max_sessions")) a.max_sessions = static_cast<std::uint32_t>(read_whole(*f, 1, 100000));
  const YamlField host = m.need("host");
  a.host = host.text();
  if (a.host.empty() || a.host.size() > 255 || a.host.find_first_of(" \t\r\n") != std::string::npos)
    host.fail("expected a host name (the HTTP Host header), found '" + a.host + "'");
  if (const auto f = m.find("uri")) {
    a.uri = f->text();
    if (a.uri.empty() || a.uri.front() != '/' || a.uri.size() > 255 || a.uri.find_first_of(" \t\r\n") != std::string::npos)
      f->fail("expected an absolute path starting with '/' (/gp/ram), found '" + a.uri + "'");
  }
  return a;
}

// An SGP.02 identifier: letters, digits and '-', '_', '.' (it is in the
// ES2/ES3/ES4/ES7 messages and the fault targets sm-sr:<id>, sm-dp:<id>).
std::string read_platform_id(const YamlField& f) {
  const std::string& id = f.text();
  bool ok = !id.empty() && id.size() <= 64;
  for (char ch : id) ok = ok && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.');
  if (!ok) f.fail("expected an identifier of 1 to 64 letters, digits, '-', '_' or '.', found '" + id + "'");
  return id;
}

// Fails at `f` when `host` is the host of one of `others` (SM-SRs or
// SM-DPs, `what`): both would be tables /platforms/<host>.
template <class Spec>
void check_host_free(const YamlField& f, const std::string& host, const std::vector<Spec>& others,
                     const char* what) {
  for (const Spec& other : others) {
    if (other.host == host)
      f.fail("'" + host + "' is the host name of " + what + " '" + other.id + "': the run file keeps one table per name");
  }
}

// The host named at `f` of a platform with one table (OneLink, chip
// management, OneNET): not the HSS's, the write module's, an SM-SR's or an
// SM-DP's, nor one of `named` — the tables of those read before it, each
// its owner's words ("OneLink's") and its host, or none when absent.
std::string read_free_host(const YamlField& f, const Scenario& s,
                           std::initializer_list<std::pair<const char*, const std::string*>> named) {
  const std::string host = read_platform_host(f, {s.hss.host, s.write_module.host});
  check_host_free(f, host, s.sm_srs, "SM-SR");
  check_host_free(f, host, s.sm_dps, "SM-DP");
  for (const auto& [whose, other] : named) {
    if (other && *other == host) f.fail("'" + host + "' is " + whose + " host name: the run file keeps one table per name");
  }
  return host;
}

// The id and host of a platform of platforms.sm_sr or platforms.sm_dp
// (`what`: "SM-SR", "SM-DP"); `before` are those of its list read before
// it (ids and hosts differ: the ES2/ES3/ES7 partners and the run file's
// tables tell them apart).
template <class Spec>
void read_id_and_host(const YamlSection& m, Spec& spec, const Scenario& s, const std::vector<Spec>& before,
                      const char* what) {
  if (!before.empty()) {
    // The later ones have no defaults to share with the first.
    spec.id = read_platform_id(m.need("id"));
    spec.host = read_platform_host(m.need("host"), {s.hss.host, s.write_module.host});
  } else {
    if (const auto f = m.find("id")) spec.id = read_platform_id(*f);
    if (const auto f = m.find("host")) spec.host = read_platform_host(*f, {s.hss.host, s.write_module.host});
  }
  for (const Spec& other : before) {
    if (other.id == spec.id) m.need("id").fail(std::string(what) + " '" + spec.id + "' is listed twice");
  }
  if (!before.empty()) check_host_free(m.need("host"), spec.host, before, what);
}

// platforms.sm_sr or platforms.sm_dp: one platform (a map) or several (a
// list of maps, at most `max`), each read by read(section, spec, before).
template <class Spec, class Read>
std::vector<Spec> read_platform_list(const YamlField& f, const std::vector<std::string>& keys, std::size_t max,
                                     const char* what, Read read) {
  std::vector<Spec> out;
  if (!f.node().IsSequence()) {
    out.emplace_back();
    read(YamlSection(f, keys), out.back(), std::vector<Spec>{});
    return out;
  }
  const std::vector<YamlField> items = f.items();
  if (items.empty()) f.fail(std::string("needs at least one ") + what);
  if (items.size() > max) items[max].fail("at most " + std::to_string(max) + " " + what + "s");
  for (const YamlField& item : items) {
    Spec spec;
    read(YamlSection(item, keys), spec, out);
    out.push_back(std::move(spec));
  }
  return out;
}

// SM-SR i of platforms.sm_sr; `before` are those read before it (numbers
// differ too: the MO SMS' destination tells them apart).
void read_sm_sr(const YamlSection& m, SmSrSpec& spec, const Scenario& s, const std::vector<SmSrSpec>& before) {
  read_id_and_host(m, spec, s, before, "SM-SR");
  const auto address = before.empty() ? m.find("address") : std::optional<YamlField>(m.need("address"));
  if (address) {
    // E.164: at most 15 digits (TS 23.040 §9.1.2.5 address, international).
    const std::string& a = address->text();
    bool digits = !a.empty() && a.size() <= 15;
    for (char ch : a) digits = digits && ch >= '0' && ch <= '9';
    if (!digits) address->fail("expected an E.164 number of 1 to 15 digits, found '" + a + "'");
    spec.address = a;
    for (const SmSrSpec& other : before) {
      if (other.address == a) address->fail("'" + a + "' is the number of SM-SR '" + other.id + "'");
    }
  }
  if (const auto f = m.find("max_attempts")) spec.max_attempts = static_cast<std::uint32_t>(read_whole(*f, 1, 255));
  read_notification_retry(m, spec.notification_retry, spec.notification_retry_where);
  read_server(m, spec.server, kSmSrFunctions);
  read_platform_node(m, spec.node, spec.node_where);
  if (const auto f = m.find("https")) {
    spec.https = read_admin_server(YamlSection(*f, {"address", "port", "host", "uri", "max_sessions"}));
    for (const SmSrSpec& other : before) {
      if (other.https && other.https->ipv4 == spec.https->ipv4)
        f->fail("the admin server's address is that of SM-SR '" + other.id + "': the eUICCs' channels would not tell them apart");
    }
  }
}

// SM-DP i of platforms.sm_dp (read after platforms.sm_sr: its host is
// none of theirs).
void read_sm_dp(const YamlSection& m, SmDpSpec& spec, const Scenario& s, const std::vector<SmDpSpec>& before) {
  read_id_and_host(m, spec, s, before, "SM-DP");
  if (const auto h = m.find("host")) check_host_free(*h, spec.host, s.sm_srs, "SM-SR");
  read_notification_retry(m, spec.notification_retry, spec.notification_retry_where);
  if (const auto f = m.find("es3_retry")) spec.es3_retry = read_retry(*f);
  read_server(m, spec.server, kSmDpFunctions);
  read_platform_node(m, spec.node, spec.node_where);
}

const std::vector<std::string> kSmDpKeys = {"id",          "host",           "workers", "service_time",
                                           "queue_limit", "admission_rate", "burst",   "failure_ratio", "node",
                                           "service_times", "notification_retry", "es3_retry"};

// The populations a platform follows (`who`: "OneLink", ...), by name, each
// at most once; device_model modem ones (their events come from the modem
// model), and with `card` (if given) that card kind.
std::vector<std::uint16_t> read_followed(const YamlField& list, const Scenario& s, const std::string& who,
                                         const char* card = nullptr) {
  const std::vector<YamlField> items = list.items();
  if (items.empty()) list.fail("needs at least one population");
  std::vector<std::uint16_t> out;
  for (const YamlField& item : items) {
    const std::string name = read_name(item);
    std::string names;
    std::optional<std::uint16_t> found;
    for (std::size_t i = 0; i < s.populations.size(); ++i) {
      if (s.populations[i].name == name) found = static_cast<std::uint16_t>(i);
      names += (i ? ", " : "") + s.populations[i].name;
    }
    if (!found) item.fail("no population named '" + name + "' (the populations: " + names + ")");
    const PopulationSpec& p = s.populations[*found];
    if (p.device_model != DeviceModel::Modem)
      item.fail("population '" + name + "' has device_model usim; " + who + " follows device_model modem populations");
    if (card && p.card != card)
      item.fail("population '" + name + "' has card " + p.card + "; " + who + " follows card " + card + " populations");
    if (std::find(out.begin(), out.end(), *found) != out.end()) item.fail("population '" + name + "' is listed twice");
    out.push_back(*found);
  }
  return out;
}

double read_billing_period(const YamlField& f) {
  const double period = read_duration(f);
  // Whole milliseconds: OneLink's clock (onelink.hpp).
  if (period < 1) f.fail("a billing period must be at least 1s, found " + f.text());
  return period;
}

// platforms.onelink.accounts: the terms of a followed population's account
// (twinmodels::platform::Account: its billing calendar and data plan).
void read_onelink_accounts(const YamlField& list, OneLinkSpec& spec, const Scenario& s) {
  for (const YamlField& item : list.items()) {
    const YamlSection m(item, {"population", "cycle_day", "billing_period", "data_plan", "quota_alerts"});
    OneLinkSpec::Account a;
    const YamlField population = m.need("population");
    const std::string name = read_name(population);
    const auto found = std::find_if(spec.populations.begin(), spec.populations.end(),
                                    [&](std::uint16_t p) { return s.populations[p].name == name; });
    if (found == spec.populations.end()) {
      std::string names;
      for (std::uint16_t p : spec.populations) names += (names.empty() ? "" : ", ") + s.populations[p].name;
      population.fail("population '" + name + "' is not one OneLink follows (platforms.onelink.populations: " + names + ")");
    }
    a.population = *found;
    for (const OneLinkSpec::Account& before : spec.accounts) {
      if (before.population == a.population) population.fail("population '" + name + "' has its account's terms already");
    }
    const auto day = m.find("cycle_day");
    const auto period = m.find("billing_period");
    if (day && period)
      period->fail("give either `cycle_day` (a monthly cycle) or `billing_period` (a fixed length), not both");
    // A day every month has (twinmodels::platform::MonthlyCycle).
    if (day) a.cycle_day = static_cast<unsigned>(read_whole(*day, 1, 28));
    if (period) a.billing_period_s = read_billing_period(*period);
    const auto plan = m.find("data_plan");
    const auto alerts = m.find("quota_alerts");
    if (alerts && !plan) alerts->fail("`quota_alerts` needs `data_plan`: the quota its levels are percentages of");
    if (plan) {
      a.data_plan_bytes = read_byte_count(*plan);
      if (*a.data_plan_bytes == 0 || *a.data_plan_bytes > twinmodels::platform::QuotaPlan::kMaxBytes)
        plan->fail("a data plan must be above 0B and at most 1PB, found " + plan->text());
      a.quota_alerts = {100};
    }
    if (alerts) {
      a.quota_alerts.clear();
      const std::vector<YamlField> levels = alerts->items();
      if (levels.empty()) alerts->fail("needs at least one level (in % of the data plan)");
      for (const YamlField& level : levels) {
        const auto v = static_cast<std::uint16_t>(read_whole(level, 1, twinmodels::platform::QuotaPlan::kMaxPercent));
        if (!a.quota_alerts.empty() && v <= a.quota_alerts.back())
          level.fail("the levels must ascend: " + std::to_string(v) + " after " + std::to_string(a.quota_alerts.back()));
        a.quota_alerts.push_back(v);
      }
    }
    if (!day && !period && !plan)
      item.fail("an account's terms need `cycle_day`, `billing_period` or `data_plan`");
    spec.accounts.push_back(std::move(a));
  }
}

// platforms.onelink's SMS limits per billing period: a card's
// (sms_alert) and an account's (account_sms_alert), in MO SMS.
void read_onelink_sms_alerts(const YamlSection& m, OneLinkSpec& spec) {
  for (const char* key : {"sms_alert", "account_sms_alert"}) {
    if (const auto f = m.find(key)) {
      // A limit of 0 would fire at the first SMS of every period.
      (std::string(key) == "sms_alert" ? spec.sms_alert : spec.account_sms_alert) = read_whole(*f, 1);
    }
  }
}

void read_onelink(const YamlSection& m, OneLinkSpec& spec, const Scenario& s) {
  spec.populations = read_followed(m.need("populations"), s, "OneLink");
  if (const auto f = m.find("offline_alert")) {
    spec.offline_alert_s = read_duration(*f);
    if (*spec.offline_alert_s <= 0) f->fail("an offline limit must be longer than 0s, found " + f->text());
  }
  if (const auto f = m.find("history")) spec.history = read_whole(*f, 1, 1024);
  for (const char* key : {"data_alert", "account_data_alert"}) {
    if (const auto f = m.find(key)) {
      const std::uint64_t limit = read_byte_count(*f);
      // A limit of 0 would fire at the first byte of every period.
      if (limit == 0) f->fail("a data limit must be above 0B");
      (std::string(key) == "data_alert" ? spec.data_alert_bytes : spec.account_data_alert_bytes) = limit;
    }
  }
  if (const auto f = m.find("billing_period")) spec.billing_period_s = read_billing_period(*f);
  if (const auto f = m.find("accounts")) read_onelink_accounts(*f, spec, s);
  if (const auto f = m.find("host")) spec.host = read_free_host(*f, s, {});
  read_server(m, spec.server, {twinmodels::platform::kQueryCardsFunction});
  if (const auto f = m.find("service_time_per_card")) spec.service_time_per_card = read_net_time(*f);
  read_onelink_sms_alerts(m, spec);
  read_platform_node(m, spec.node, spec.node_where);
}

// The chip management platform records the cards' numbers (the source
// document §3.2.3: 码号开通, OTA writing, 码号资源回收): a domestic card's,
// an international card's profiles' (GSMA SGP.02), of device_model modem
// populations.
void read_chip_management(const YamlSection& m, ChipManagementSpec& spec, const Scenario& s) {
  spec.populations = read_followed(m.need("populations"), s, "the chip management platform");
  const std::string* onelink = s.onelink.populations.empty() ? nullptr : &s.onelink.host;
  if (const auto f = m.find("host")) spec.host = read_free_host(*f, s, {{"OneLink's", onelink}});
  read_server(m, spec.server, chip_management_functions());
  if (const auto f = m.find("quarantine")) spec.quarantine_s = read_duration(*f);
  if (const auto f = m.find("retry_after")) {
    spec.retry_after_s = read_duration(*f);
    // A refused request made again at once would meet the same refusal.
    if (spec.retry_after_s <= 0) f->fail("the retry wait must be longer than 0s, found " + f->text());
  }
  if (const auto f = m.find("fee_per_day")) spec.fee_per_day = read_whole(*f, 0);
  if (const auto f = m.find("supply")) read_chip_supply(*f, spec, s);
  read_platform_node(m, spec.node, spec.node_where);
}

// OneNET's server: only with one of its keys (OneNetSpec::served).
void read_onenet_server(const YamlSection& m, OneNetSpec& spec, const Scenario& s) {
  for (const char* key : {"host", "workers", "service_time", "queue_limit", "admission_rate", "burst", "failure_ratio"})
    spec.served = spec.served || static_cast<bool>(m.find(key));
  const std::string* onelink = s.onelink.populations.empty() ? nullptr : &s.onelink.host;
  const std::string* chip = s.chip_management.populations.empty() ? nullptr : &s.chip_management.host;
  if (const auto f = m.find("host"))
    spec.host = read_free_host(*f, s, {{"OneLink's", onelink}, {"the chip management platform's", chip}});
  read_server(m, spec.server, onenet_functions());
}

}  // namespace

const std::vector<std::string>& onenet_functions() {
  static const std::vector<std::string> names = {"OneNET.Datapoint", "OneNET.Register"};
  return names;
}

// The checks are PlatformServer's (platform_server.hpp), made here so that
// they fail at the key. `functions`: what the server serves, the keys of
// `service_times` (per function; the others take `service_time`).
void read_server(const YamlSection& m, twinmodels::platform::ServerConfig& c, const std::vector<std::string>& functions) {
  if (const auto f = m.find("workers")) c.workers = static_cast<std::uint32_t>(read_whole(*f, 1, 100000));
  if (const auto f = m.find("service_time")) c.default_service = read_net_time(*f);
  if (const auto f = m.find("service_times")) {
    const YamlSection times(*f, functions);
    for (const std::string& name : functions) {
      if (const auto t = times.find(name)) c.service[name] = read_net_time(*t);
    }
  }
  if (const auto f = m.find("queue_limit")) c.queue_limit = read_whole(*f, 1);
  const auto rate = m.find("admission_rate");
  const auto burst = m.find("burst");
  if (burst && !rate) burst->fail("`burst` needs `admission_rate`: the requests per second it admits");
  if (rate) {
    twinmodels::platform::AdmissionRate a;
    a.per_second = read_positive_decimal(*rate, 1e6);
    a.burst = burst ? static_cast<std::uint32_t>(read_whole(*burst, 1, 0xFFFFFFFFull)) : static_cast<std::uint32_t>(std::max(1.0, a.per_second));
    c.admission = a;
  }
  if (const auto f = m.find("failure_ratio")) {
    const std::string& t = f->text();
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (t.empty() || end != t.c_str() + t.size() || !(v >= 0 && v <= 1))
      f->fail("expected a share from 0 to 1, found '" + t + "'");
    c.failure_ratio = v;
  }
}

void resolve_population_sm_srs(Scenario& s) {
  for (PopulationSpec& p : s.populations) {
    if (p.sm_sr_name.empty()) continue;
    const std::optional<std::uint8_t> i = s.sm_sr_index(p.sm_sr_name);
    if (!i) throw ScenarioError(p.sm_sr_where + ": no SM-SR with id '" + p.sm_sr_name + "' (platforms.sm_sr: " + s.sm_sr_ids() + ")");
    p.sm_sr = *i;
  }
  for (const PopulationSpec& p : s.populations) {
    if (p.scp81 && (s.sm_srs.empty() || !s.sm_srs[p.sm_sr].https))
      throw ScenarioError(p.scp81_where + ": the eUICCs' SCP81 defaults name their SM-SR's admin server, and SM-SR '" +
                          (s.sm_srs.empty() ? std::string("SM-SR") : s.sm_srs[p.sm_sr].id) +
                          "' has none (platforms.sm_sr[i].https)");
  }
}

void check_notification_retries(const Scenario& s) {
  // An SM-DP's ES2 notifications pass on the SM-SRs' ES3 ones about the
  // profiles it installed (SGP.02 §5.3.8-§5.3.11): without a download of
  // its own it sends none.
  for (std::size_t i = 0; i < s.sm_dps.size(); ++i) {
    const SmDpSpec& dp = s.sm_dps[i];
    const bool downloads = std::any_of(s.campaigns.begin(), s.campaigns.end(), [i](const CampaignSpec& c) {
      return c.kind == CampaignKind::DownloadProfile && c.sm_dp == i;
    });
    if (dp.notification_retry && !downloads)
      throw ScenarioError(dp.notification_retry_where + ": SM-DP '" + dp.id +
                          "' sends ES2 notifications only about profiles it installed (download-profile campaigns "
                          "whose orders go to it); this scenario has none");
  }
}

const std::vector<std::string>& chip_management_functions() {
  static const std::vector<std::string> names = {"activate",         "ota-write",      "suspend",
                                                 "resume",           "deactivate",     "scrap",
                                                 "profile-download", "profile-enable", "profile-delete",
                                                 "smsr-change"};
  return names;
}

void read_platforms(const YamlSection& platforms, Scenario& s) {
  if (const auto f = platforms.find("hss")) {
    read_hss(YamlSection(*f, {"host", "speed", "cores", "flops_per_vector", "flops_per_resync", "queue_limit"}), s.hss);
  }
  if (const auto f = platforms.find("write_module")) {
    read_write_module(YamlSection(*f, {"host", "workers", "service_time", "submit_rate", "burst", "max_attempts",
                                       "retry_after", "node"}),
                      s.write_module, s.hss);
  }
  // At most 16 SM-SRs: their SMS are told apart in the SMSC by that many
  // message tags (modem_world.hpp); at most 16 SM-DPs: each is a caller of
  // its own at the SM-SRs (SmSrRun::kCallers).
  if (const auto f = platforms.find("sm_sr")) {
    s.sm_srs = read_platform_list<SmSrSpec>(
        *f, kSmSrKeys, kMaxSmSrs, "SM-SR",
        [&s](const YamlSection& m, SmSrSpec& spec, const std::vector<SmSrSpec>& before) {
          read_sm_sr(m, spec, s, before);
        });
  }
  if (const auto f = platforms.find("sm_dp")) {
    s.sm_dps = read_platform_list<SmDpSpec>(
        *f, kSmDpKeys, kMaxSmDps, "SM-DP",
        [&s](const YamlSection& m, SmDpSpec& spec, const std::vector<SmDpSpec>& before) {
          read_sm_dp(m, spec, s, before);
        });
  }
  if (const auto f = platforms.find("onelink"))
    read_onelink(YamlSection(*f, {"populations", "offline_alert", "history", "data_alert", "account_data_alert",
                                  "billing_period", "node", "accounts", "host", "workers", "service_time",
                                  "queue_limit", "admission_rate", "burst", "failure_ratio", "sms_alert", "account_sms_alert",
                                  "service_time_per_card"}),
                 s.onelink, s);
  if (const auto f = platforms.find("chip_management")) {
    read_chip_management(YamlSection(*f, {"populations", "host", "workers", "service_time", "service_times", "queue_limit",
                                          "admission_rate", "burst", "failure_ratio", "quarantine", "retry_after",
                                          "fee_per_day", "supply", "node"}),
                         s.chip_management, s);
  }
  // After chip management: OneNET's devices may be registered by it.
  if (const auto f = platforms.find("onenet")) {
    const YamlSection m(*f, {"populations", "registration", "node", "host", "workers", "service_time", "queue_limit",
                             "admission_rate", "burst", "failure_ratio"});
    s.onenet.populations = read_followed(m.need("populations"), s, "OneNET");
    read_onenet_server(m, s.onenet, s);
    read_platform_node(m, s.onenet.node, s.onenet.node_where);
    read_onenet(m, s.onenet, s);
  }
  // After the other platforms: an MNO's host differs from theirs.
  if (const auto f = platforms.find("mno")) read_mno_servers(*f, s);
}

void read_network(const YamlSection& network, Scenario& s) {
  NetworkSpec& n = s.network;
  if (const auto core = network.find("core")) {
    const YamlSection m(*core, {"latency", "bandwidth"});
    if (const auto f = m.find("latency")) n.core_latency_s = read_duration(*f);
    if (const auto f = m.find("bandwidth")) {
      n.core_bandwidth_Bps = read_bandwidth(*f);
      if (n.core_bandwidth_Bps <= 0) f->fail("a link needs a bandwidth above 0Bps, found " + f->text());
    }
  }
  if (const auto f = network.find("topology")) read_topology(YamlSection(*f, {"nodes", "links"}), s);
  if (const auto f = network.find("smsc")) {
    read_smsc(YamlSection(*f, {"rate", "burst", "retry", "validity", "max_validity", "address", "delivery_latency",
                               "node"}),
              n.smsc);
  }
  if (const auto f = network.find("ran")) {
    read_ran(YamlSection(*f, {"rrc_setups_per_second", "burst", "max_admission_delay", "reject_wait",
                              "backoff_indicator", "cells"}),
             n.ran);
  }
  if (const auto f = network.find("mme"))
    n.mme_congestion = read_mme(YamlSection(*f, {"attaches_per_second", "burst", "t3346_min", "t3346_max"}));
  if (const auto f = network.find("batch_window")) {
    n.batch_window_s = read_duration(*f);
    // Batches are what keeps the number of SimGrid flows bounded.
    if (n.batch_window_s <= 0) f->fail("the batch window must be longer than 0s, found " + f->text());
  }
  if (const auto f = network.find("request_size")) {
    n.request_bytes = read_size(*f);
    if (n.request_bytes <= 0) f->fail("a request has at least one byte, found " + f->text());
  }
  if (const auto f = network.find("report_size")) {
    n.report_bytes = read_size(*f);
    if (n.report_bytes <= 0) f->fail("a report has at least one byte, found " + f->text());
  }
  if (const auto f = network.find("smpp_size")) {
    n.smpp_bytes = read_size(*f);
    if (n.smpp_bytes <= 0) f->fail("an SMPP PDU has at least one byte, found " + f->text());
  }
  if (const auto f = network.find("request_timeout")) {
    n.request_timeout_s = read_duration(*f);
    if (n.request_timeout_s <= 0) f->fail("the request timeout must be longer than 0s, found " + f->text());
  }
  if (const auto f = network.find("hss_answer_timeout")) {
    n.hss_answer_timeout_s = read_duration(*f);
    if (n.hss_answer_timeout_s <= 0) f->fail("the HSS's answer timeout must be longer than 0s, found " + f->text());
  }
  if (const auto f = network.find("retry_backoff")) {
    n.retry_backoff_s = read_duration(*f);
    // The back-off is the mean of an exponential draw: zero would make a
    // rejected crowd retry in step instead of spreading out.
    if (n.retry_backoff_s <= 0) f->fail("the retry back-off must be longer than 0s, found " + f->text());
  }
}

RetrySpec read_retry(const YamlField& f) {
  const YamlSection r(f, {"retry_after", "max_attempts"});
  RetrySpec retry;
  const YamlField after = r.need("retry_after");
  retry.retry_after_s = read_duration(after);
  // A refused call or notification made again at once would meet the same refusal.
  if (retry.retry_after_s <= 0) after.fail("the retry wait must be longer than 0s, found " + after.text());
  retry.max_attempts = static_cast<std::uint32_t>(read_whole(r.need("max_attempts"), 1, 255));
  return retry;
}

}  // namespace twinsim
