#include "twinsim/engine/card_wear.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <span>
#include <stdexcept>
#include <string>

#include "twinmodels/modem/usim_client.hpp"
#include "twinmodels/random/random_stream.hpp"
#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/device.hpp"
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/recorder/run_file.hpp"

namespace twinsim {

namespace {

namespace wear = twinmodels::wear;
namespace st = twinmodels::state;

constexpr char kMagic[5] = "WEAR";
constexpr std::uint16_t kVersion = 1;
constexpr double kSecondsPerYear = wear::kDaysPerYear * wear::kSecondsPerDay;

// The wear models' random streams of a device (twinmodels::RandomStream):
// "WP" a uniform per page (its endurance threshold), "WH" a uniform per
// program (an out-of-range failure), "WC" the card's retention draws (the
// time, then the page and the cell).
constexpr std::uint32_t kPageStream = 0x57500000u, kHotStream = 0x57480000u, kChargeStream = 0x57430000u;

// A uniform in (0, 1): never 0, so no page is dead from the start.
double open_uniform(twinmodels::RandomStream& r) { return r.uniform01() + 0x1p-54; }

}  // namespace

struct CardWear::PopulationModels {
  PopulationModels(const PopulationSpec& p, const WearSpec& w, double stop_s)
      : temperature(*p.temperature),
        endurance(wear::rating(p.grade), w.endurance),
        retention(wear::rating(p.grade), w.retention),
        // The cards are in their environment from the run's start.
        retention_clock(temperature, [this](double t_c) { return retention.acceleration(t_c); }, stop_s),
        // A history before the run (nvm_history) was made in the same place:
        // at the profile's mean endurance acceleration over its first year.
        history_acceleration(wear::ThermalClock(temperature, [this](double t_c) { return endurance.acceleration(t_c); },
                                                kSecondsPerYear)
                                 .mean_factor(0, kSecondsPerYear)) {}
  wear::TemperatureProfile temperature;
  wear::EnduranceModel endurance;
  wear::RetentionModel retention;
  wear::ThermalClock retention_clock;
  double history_acceleration;
};

bool CardWear::wanted(const Scenario& s) {
  return std::any_of(s.populations.begin(), s.populations.end(),
                     [](const PopulationSpec& p) { return p.temperature.has_value(); });
}

CardWear::CardWear(const Scenario& s, std::uint64_t seed, double stop_s, std::uint64_t devices)
    : scenario_(s), seed_(seed), devices_(devices), counters_(WearCounters::none(s.populations.size())) {
  for (const PopulationSpec& p : s.populations)
    models_.push_back(p.temperature ? std::make_unique<PopulationModels>(p, s.wear, stop_s) : nullptr);
}

CardWear::~CardWear() = default;

bool CardWear::covers(std::uint16_t population) const {
  return population < models_.size() && models_[population] != nullptr;
}

double CardWear::charge_loss_time(std::uint32_t d) const {
  const std::uint16_t pop = scenario_.population_of(d);
  if (!covers(pop)) return std::numeric_limits<double>::infinity();
  const PopulationModels& m = *models_[pop];
  twinmodels::RandomStream r(seed_, d, kChargeStream);
  const double years = m.retention.card_life_years().quantile(r.uniform01());
  return m.retention_clock.time_at_equivalent(years * kSecondsPerYear);
}

void CardWear::enter(Device& device, std::uint32_t d, double now_s, EventSink events) {
  if (!covers(device.population)) return;
  const PopulationModels& m = *models_[device.population];
  current_ = d;
  population_ = device.population;
  now_s_ = now_s;
  events_ = events;
  temperature_c_ = m.temperature.at(now_s);
  acceleration_ = m.endurance.acceleration(temperature_c_);
  out_of_range_p_ = m.endurance.out_of_range_probability(temperature_c_);
  DeviceWear& w = devices_[d];
  if (std::isnan(w.charge_due_s)) w.charge_due_s = charge_loss_time(d);
  if (std::isnan(w.charge_lost_s) && now_s >= w.charge_due_s) lose_charge(device, d);
  device.card.nvm().set_wear_hook(this);
}

void CardWear::leave() { events_.reset(); }

// The card's first lost charge: a programmed cell (a 0 bit) of one of its
// data pages, drawn page first, reads erased. A page with no programmed
// cell loses nothing that shows (an erased cell holds no charge).
void CardWear::lose_charge(Device& device, std::uint32_t d) {
  cardcore::Nvm& nvm = device.card.nvm();
  twinmodels::RandomStream r = twinmodels::RandomStream::at(seed_, d, kChargeStream, 2);
  const auto page = static_cast<std::uint32_t>(r.below(nvm.data_page_count()));
  const std::uint32_t ps = nvm.image().page_size();
  // The last page may reach past size(): its tail is padding, erased.
  cardcore::Bytes bytes(ps, 0xFF), cells(ps, 0);
  nvm.read(page * ps, std::span(bytes).first(std::min(ps, nvm.size() - page * ps)));
  std::uint32_t programmed = 0;
  for (std::uint8_t b : bytes) programmed += static_cast<std::uint32_t>(std::popcount(static_cast<std::uint8_t>(~b)));
  if (programmed > 0) {
    std::uint64_t k = r.below(programmed);
    for (std::uint32_t i = 0; i < ps; ++i) {
      const auto zeros = static_cast<std::uint8_t>(~bytes[i]);
      const auto n = static_cast<std::uint32_t>(std::popcount(zeros));
      if (k < n) {
        std::uint8_t bit = zeros;
        for (std::uint64_t j = 0; j < k; ++j) bit = static_cast<std::uint8_t>(bit & (bit - 1));
        cells[i] = static_cast<std::uint8_t>(bit & -bit);
        break;
      }
      k -= n;
    }
    nvm.lose_charge(page, cells);
  }
  DeviceWear& w = devices_[d];
  w.charge_lost_s = now_s_;
  w.lost_page = page;
  ++counters_.cards_charge_lost[device.population];
  events_->add(now_s_, d, nvm_charge_lost_kind(), page);
}

bool CardWear::on_program(std::uint32_t page, std::uint32_t erase_count) {
  if (!events_) return true;  // outside a device's card work (personalization)
  const PopulationModels& m = *models_[population_];
  DeviceWear& w = devices_[current_];
  const std::uint32_t program = w.programs++;
  w.acceleration_sum += acceleration_;
  if (out_of_range_p_ > 0) {
    twinmodels::RandomStream r = twinmodels::RandomStream::at(seed_, current_, kHotStream, 2 * std::uint64_t{program});
    if (r.uniform01() < out_of_range_p_) {
      ++counters_.hot_programs;
      if (std::isnan(w.too_hot_s)) {
        w.too_hot_s = now_s_;
        ++counters_.cards_too_hot[population_];
      }
      events_->add(now_s_, current_, nvm_too_hot_kind(), std::lround(temperature_c_));
      return false;
    }
  }
  // The page's equivalent cycles at the rated temperature: its erase count
  // at the card's mean acceleration so far (its programs are assumed spread
  // over the card's life like the card's).
  const double equivalent = erase_count * (w.acceleration_sum / w.programs);
  twinmodels::RandomStream r = twinmodels::RandomStream::at(seed_, current_, kPageStream, 2 * std::uint64_t{page});
  if (equivalent < m.endurance.threshold(open_uniform(r))) return true;
  ++counters_.worn_programs;
  if (std::isnan(w.worn_s)) {
    w.worn_s = now_s_;
    ++counters_.cards_worn[population_];
    events_->add(now_s_, current_, nvm_worn_out_kind(), page);
  }
  return false;
}

void CardWear::add_history(std::uint32_t d, std::uint64_t programs) {
  const std::uint16_t population = scenario_.population_of(d);
  if (!covers(population)) return;
  DeviceWear& w = devices_[d];
  w.programs += static_cast<std::uint32_t>(programs);
  w.acceleration_sum += static_cast<double>(programs) * models_[population]->history_acceleration;
}

void make_nvm_histories(const Scenario& s, DeviceTable& devices, CardWear* wear) {
  for (std::uint32_t d = 0; d < devices.size(); ++d) {
    if (!devices.holds(d)) continue;
    Device& dev = devices[d];
    const std::uint64_t n = s.populations[dev.population].nvm_history;
    if (n == 0) continue;
    twinmodels::UsimClient usim(dev.card);
    if (usim.power_up().empty()) throw std::runtime_error("nvm_history: device " + std::to_string(d) + "'s card is no USIM");
    for (std::uint64_t i = 0; i < n; ++i) {
      // A GUTI's M-TMSI as a network would give at each attach or TAU.
      if (!usim.store_eps_location(static_cast<std::uint32_t>(i * 2654435761u), 0x0001))
        throw std::runtime_error("nvm_history: device " + std::to_string(d) + "'s card refused an EF.EPSLOCI update");
    }
    dev.card.power_off();
    if (wear) wear->add_history(d, dev.card.nvm().program_count());
  }
}

void CardWear::card_failed(std::uint32_t d, double t_s) {
  DeviceWear& w = devices_[d];
  if (!std::isnan(w.failed_s)) return;
  w.failed_s = t_s;
  ++counters_.cards_failed[scenario_.population_of(d)];
}

// "WEAR", version u16 (1), devices u32, populations u16, the counters
// (worn and hot programs u64, then per population cards worn, too hot,
// charge lost, failed u64), then per device: acceleration sum, worn,
// too hot, charge lost, failed (f64 bits; NaN: never), programs u32, lost
// page u32; CRC-32.
cardcore::Bytes CardWear::save_state() const {
  cardcore::Bytes out;
  st::put_header(out, kMagic, kVersion);
  st::put_u32(out, static_cast<std::uint32_t>(devices_.size()));
  st::put_u16(out, static_cast<std::uint16_t>(models_.size()));
  st::put_u64(out, counters_.worn_programs);
  st::put_u64(out, counters_.hot_programs);
  for (std::size_t p = 0; p < models_.size(); ++p) {
    for (const auto* v : {&counters_.cards_worn, &counters_.cards_too_hot, &counters_.cards_charge_lost, &counters_.cards_failed})
      st::put_u64(out, (*v)[p]);
  }
  for (const DeviceWear& w : devices_) {
    for (double v : {w.acceleration_sum, w.worn_s, w.too_hot_s, w.charge_lost_s, w.failed_s})
      st::put_u64(out, std::bit_cast<std::uint64_t>(v));
    st::put_u32(out, w.programs);
    st::put_u32(out, w.lost_page);
  }
  st::put_crc(out);
  return out;
}

void CardWear::restore_state(cardcore::ByteView in) {
  st::Reader r(in, "card wear");
  r.sealed_header(kMagic, kVersion);
  const std::uint32_t devices = r.u32("devices");
  if (devices != devices_.size())
    r.fail("saved for " + std::to_string(devices) + " devices, the run has " + std::to_string(devices_.size()));
  const std::uint16_t populations = r.u16("populations");
  if (populations != models_.size())
    r.fail("saved for " + std::to_string(populations) + " populations, the run has " + std::to_string(models_.size()));
  WearCounters c;
  c.worn_programs = r.u64("worn programs");
  c.hot_programs = r.u64("hot programs");
  for (std::size_t p = 0; p < populations; ++p) {
    c.cards_worn.push_back(r.u64("cards worn"));
    c.cards_too_hot.push_back(r.u64("cards too hot"));
    c.cards_charge_lost.push_back(r.u64("cards charge lost"));
    c.cards_failed.push_back(r.u64("cards failed"));
  }
  std::vector<DeviceWear> ds(devices);
  for (DeviceWear& w : ds) {
    double* fields[] = {&w.acceleration_sum, &w.worn_s, &w.too_hot_s, &w.charge_lost_s, &w.failed_s};
    for (double* v : fields) {
      *v = std::bit_cast<double>(r.u64("device wear"));
      if (std::isinf(*v) || (v != &w.acceleration_sum && *v < 0) || (v == &w.acceleration_sum && !(*v >= 0)))
        r.fail("a device's acceleration sum or time out of range");
    }
    w.programs = r.u32("programs");
    w.lost_page = r.u32("lost page");
  }
  r.expect_end();
  counters_ = std::move(c);
  devices_ = std::move(ds);
}

}  // namespace twinsim
