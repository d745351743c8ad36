// The sweep file: the table of a sweep's runs, written and read back
// (docs/SWEEPS.md, "The sweep file").
#include "twinanalysis/sweep_file.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <span>

#include "twinanalysis/replications.hpp"
#include "twinanalysis/run_tables.hpp"
#include "twinsim/recorder/hdf5_attributes.hpp"
#include "twinsim/recorder/hdf5_handle.hpp"
#include "twinsim/recorder/run_file.hpp"

namespace twinanalysis {

namespace {

using twinsim::recorder::Hid;
namespace rec = twinsim::recorder;

constexpr std::int32_t kSweepSchema = 1;
constexpr const char* kSchemaAttribute = "esimtwin_sweep_schema";

// A dataset of `dims` holding `data` (row-major), without modification times.
template <class T>
Hid write_dataset(hid_t file, const std::string& name, hid_t type, const std::vector<hsize_t>& dims, const T* data) {
  Hid space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr));
  Hid dcpl(H5Pcreate(H5P_DATASET_CREATE));
  H5Pset_obj_track_times(dcpl.get(), false);
  Hid ds(H5Dcreate2(file, name.c_str(), type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT));
  if (!ds.valid() || H5Dwrite(ds.get(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
    rec::fail(file, "cannot write /" + name);
  return ds;
}

Hid write_strings(hid_t file, const std::string& name, const std::vector<std::string>& values) {
  std::vector<const char*> ptrs;
  for (const std::string& v : values) ptrs.push_back(v.c_str());
  Hid type = rec::utf8_string_type();
  return write_dataset(file, name, type.get(), {values.size()}, ptrs.data());
}

void make_scale(hid_t file, const Hid& ds, const std::string& name) {
  if (H5DSset_scale(ds.get(), name.c_str()) < 0) rec::fail(file, "cannot make /" + name + " a dimension scale");
}

void attach(hid_t file, const Hid& ds, const std::vector<const Hid*>& scales) {
  for (std::size_t d = 0; d < scales.size(); ++d)
    if (H5DSattach_scale(ds.get(), scales[d]->get(), static_cast<unsigned>(d)) < 0)
      rec::fail(file, "cannot attach a dimension scale to " + rec::object_path(ds.get()));
}

// True when every value is a plain decimal number, so the coordinate can be numeric.
bool numeric(const std::vector<std::string>& values, std::vector<double>& out) {
  for (const std::string& v : values) {
    std::size_t used = 0;
    try {
      out.push_back(std::stod(v, &used));
    } catch (const std::exception&) {
      return false;
    }
    if (used != v.size() || v.find_first_not_of("0123456789.-+eE") != std::string::npos) return false;
  }
  return true;
}

}  // namespace

SweepTable sweep_table(const twinsim::SweepSpec& spec, std::vector<SweepRun> runs) {
  std::sort(runs.begin(), runs.end(), [](const SweepRun& a, const SweepRun& b) { return a.index < b.index; });
  for (std::size_t i = 0; i < runs.size(); ++i)
    if (runs[i].index != i)
      throw AnalysisError(spec.source + ": the runs gathered lack run " + std::to_string(i) + " or hold one twice");
  if (runs.size() != spec.runs())
    throw AnalysisError(spec.source + ": " + std::to_string(runs.size()) + " runs gathered, the sweep has " +
                        std::to_string(spec.runs()));
  std::vector<Figures> figures;
  SweepTable t;
  for (SweepRun& r : runs) {
    figures.push_back(std::move(r.figures));
    t.exit_codes.push_back(r.exit_code);
  }
  FigureMatrix m = figure_matrix(figures);
  t.keys = std::move(m.keys);
  t.values = std::move(m.values);
  const std::size_t reps = spec.replications;
  for (std::size_t k = 0; k < t.keys.size(); ++k) {
    // The seed is in each run's values, but no quantity to average.
    const bool seed = t.keys[k].section == "run" && t.keys[k].name == "seed";
    std::vector<Figure> per_point;
    for (std::size_t p = 0; p < spec.points(); ++p)
      per_point.push_back(seed ? t.keys[k]
                               : mean_figure(t.keys[k], std::span<const double>(t.values[k]).subspan(p * reps, reps)));
    t.means.push_back(std::move(per_point));
  }
  return t;
}

void write_sweep_file(const std::string& path, const twinsim::SweepSpec& spec, const SweepTable& table,
                      const SweepProvenance& provenance) {
  rec::QuietHdf5Errors quiet;
  Hid file = rec::create_hdf5_file(path, "sweep file");
  const hid_t f = file.get();
  rec::write_attribute(f, kSchemaAttribute, kSweepSchema);
  rec::write_attribute(f, "esimtwin_version", std::string_view(ESIMTWIN_VERSION_STRING));
  rec::write_attribute(f, "sweep", std::string_view(spec.text));
  rec::write_attribute(f, "sweep_file", std::string_view(spec.source));
  rec::write_attribute(f, "scenario", std::string_view(spec.scenario_text));
  rec::write_attribute(f, "scenario_file", std::string_view(spec.scenario_file));
  rec::write_attribute(f, "replications", static_cast<std::uint64_t>(spec.replications));
  if (spec.devices) rec::write_attribute(f, "devices", *spec.devices);
  if (spec.stop) rec::write_attribute(f, "stop", std::string_view(*spec.stop));
  rec::write_attribute(f, "ranks", static_cast<std::int32_t>(provenance.ranks));
  rec::write_attribute(f, "wall_seconds", provenance.wall_seconds);

  // The coordinates: each parameter's values, the replications, the figures.
  std::vector<Hid> parameter_scales;
  std::vector<hsize_t> grid;
  for (const twinsim::SweepParameter& p : spec.parameters) {
    std::vector<double> numbers;
    Hid ds = numeric(p.values, numbers) ? write_dataset(f, p.key, H5T_NATIVE_DOUBLE, {numbers.size()}, numbers.data())
                                        : write_strings(f, p.key, p.values);
    rec::write_attribute(ds.get(), "values", p.values);
    make_scale(f, ds, p.key);
    parameter_scales.push_back(std::move(ds));
    grid.push_back(p.values.size());
  }
  std::vector<std::int64_t> replication(spec.replications);
  std::vector<std::uint64_t> seeds(spec.replications);
  for (std::uint64_t r = 0; r < spec.replications; ++r) replication[r] = static_cast<std::int64_t>(r), seeds[r] = spec.seed_of(r);
  Hid rep = write_dataset(f, "replication", H5T_NATIVE_INT64, {spec.replications}, replication.data());
  make_scale(f, rep, "replication");
  Hid seed = write_dataset(f, "seed", H5T_NATIVE_UINT64, {spec.replications}, seeds.data());
  attach(f, seed, {&rep});

  std::vector<std::string> labels, sections, names, subjects;
  for (const Figure& k : table.keys) {
    labels.push_back(k.label());
    sections.push_back(k.section);
    names.push_back(k.name);
    subjects.push_back(k.subject);
  }
  Hid figure = write_strings(f, "figure", labels);
  make_scale(f, figure, "figure");
  for (const auto& [name, column] : {std::pair{"figure_section", &sections}, {"figure_name", &names},
                                     {"figure_subject", &subjects}}) {
    Hid ds = write_strings(f, name, *column);
    attach(f, ds, {&figure});
  }

  // The tables over the grid.
  std::vector<const Hid*> point_dims;
  for (const Hid& s : parameter_scales) point_dims.push_back(&s);
  std::vector<hsize_t> run_shape = grid;
  run_shape.push_back(spec.replications);
  std::vector<const Hid*> run_dims = point_dims;
  run_dims.push_back(&rep);

  Hid exit_code = write_dataset(f, "exit_code", H5T_NATIVE_INT32, run_shape, table.exit_codes.data());
  attach(f, exit_code, run_dims);
  rec::write_attribute(exit_code.get(), "meaning", std::string_view("esimtwin run's exit code: 0 every expectation met, 1 one failed"));

  std::vector<hsize_t> value_shape{table.keys.size()};
  value_shape.insert(value_shape.end(), run_shape.begin(), run_shape.end());
  std::vector<const Hid*> value_dims{&figure};
  value_dims.insert(value_dims.end(), run_dims.begin(), run_dims.end());
  std::vector<double> values;
  for (const auto& row : table.values) values.insert(values.end(), row.begin(), row.end());
  Hid value = write_dataset(f, "value", H5T_NATIVE_DOUBLE, value_shape, values.data());
  attach(f, value, value_dims);

  std::vector<hsize_t> mean_shape{table.keys.size()};
  mean_shape.insert(mean_shape.end(), grid.begin(), grid.end());
  std::vector<const Hid*> mean_dims{&figure};
  mean_dims.insert(mean_dims.end(), point_dims.begin(), point_dims.end());
  for (const char* what : {"mean", "lower", "upper"}) {
    std::vector<double> column;
    for (const auto& row : table.means)
      for (const Figure& m : row)
        column.push_back(what[0] == 'm' ? m.value : what[0] == 'l' ? m.lower : m.upper);
    Hid ds = write_dataset(f, what, H5T_NATIVE_DOUBLE, mean_shape, column.data());
    attach(f, ds, mean_dims);
    rec::write_attribute(ds.get(), "interval", std::string_view("95 % Student-t over the point's replications"));
  }
  if (!file.close()) throw twinsim::RunFileError(path + ": cannot close the sweep file");
}

namespace {

template <class T>
std::vector<T> read_all(hid_t file, const std::string& path, const std::string& name, hid_t type, std::size_t expected) {
  Hid ds(H5Lexists(file, name.c_str(), H5P_DEFAULT) > 0 ? H5Dopen2(file, name.c_str(), H5P_DEFAULT) : H5I_INVALID_HID);
  if (!ds.valid()) throw AnalysisError(path + ": /" + name + " is missing");
  Hid space(H5Dget_space(ds.get()));
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  if (n < 0 || static_cast<std::size_t>(n) != expected)
    throw AnalysisError(path + ": /" + name + " holds " + std::to_string(n) + " values, not " + std::to_string(expected));
  std::vector<T> out(expected);
  if (expected > 0 && H5Dread(ds.get(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
    throw AnalysisError(path + ": cannot read /" + name + " (truncated or damaged)");
  return out;
}

std::vector<std::string> read_strings(hid_t file, const std::string& path, const std::string& name, std::size_t n) {
  Hid type = rec::utf8_string_type();
  std::vector<char*> raw = read_all<char*>(file, path, name, type.get(), n);
  std::vector<std::string> out;
  for (char* s : raw) out.emplace_back(s ? s : "");
  Hid space(H5Screate_simple(1, std::vector<hsize_t>{n}.data(), nullptr));
  if (n > 0) H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, raw.data());
  return out;
}

std::size_t length_of(hid_t file, const std::string& path, const std::string& name) {
  Hid ds(H5Lexists(file, name.c_str(), H5P_DEFAULT) > 0 ? H5Dopen2(file, name.c_str(), H5P_DEFAULT) : H5I_INVALID_HID);
  if (!ds.valid()) throw AnalysisError(path + ": /" + name + " is missing");
  Hid space(H5Dget_space(ds.get()));
  return static_cast<std::size_t>(std::max<hssize_t>(H5Sget_simple_extent_npoints(space.get()), 0));
}

}  // namespace

bool is_sweep_file(const std::string& path) {
  rec::QuietHdf5Errors quiet;
  try {
    Hid file = rec::open_hdf5_for_reading(path, "sweep file");
    return rec::has_attribute(file.get(), kSchemaAttribute);
  } catch (const std::exception&) {
    return false;
  }
}

SweepFile read_sweep_file(const std::string& path) {
  rec::QuietHdf5Errors quiet;
  try {
    Hid file = rec::open_hdf5_for_reading(path, "sweep file");
    const hid_t f = file.get();
    if (!rec::has_attribute(f, kSchemaAttribute))
      throw AnalysisError(path + ": not an esimtwin sweep file (no " + std::string(kSchemaAttribute) + " attribute)");
    const std::int64_t schema = rec::read_int_attribute(f, kSchemaAttribute);
    if (schema != kSweepSchema)
      throw AnalysisError(path + ": sweep file schema " + std::to_string(schema) + ", this esimtwin reads " +
                          std::to_string(kSweepSchema));
    SweepFile s;
    s.sweep_text = rec::read_string_attribute(f, "sweep");
    s.scenario_text = rec::read_string_attribute(f, "scenario");
    s.provenance.ranks = static_cast<int>(rec::read_int_attribute(f, "ranks"));
    s.provenance.wall_seconds = rec::read_double_attribute(f, "wall_seconds");
    try {
      // The grid as the sweep's text gives it, without reading its scenario file again.
      s.grid = twinsim::parse_sweep_grid(s.sweep_text, path, s.scenario_text);
    } catch (const std::exception& e) {
      throw AnalysisError(path + ": the sweep it holds does not read: " + e.what());
    }
    const twinsim::SweepSpec& spec = s.grid;
    const std::size_t points = spec.points();
    for (const twinsim::SweepParameter& p : spec.parameters) {
      s.parameters.push_back(p.key);
      Hid ds(H5Lexists(f, p.key.c_str(), H5P_DEFAULT) > 0 ? H5Dopen2(f, p.key.c_str(), H5P_DEFAULT) : H5I_INVALID_HID);
      if (!ds.valid()) throw AnalysisError(path + ": /" + p.key + " (a parameter's values) is missing");
      s.coordinates.push_back(rec::read_string_array_attribute(ds.get(), "values"));
      if (s.coordinates.back().size() != p.values.size())
        throw AnalysisError(path + ": /" + p.key + " has " + std::to_string(s.coordinates.back().size()) +
                            " values, its sweep " + std::to_string(p.values.size()));
    }
    const std::size_t reps = spec.replications;
    s.seeds = read_all<std::uint64_t>(f, path, "seed", H5T_NATIVE_UINT64, reps);
    const std::size_t figures = length_of(f, path, "figure");
    const std::vector<std::string> sections = read_strings(f, path, "figure_section", figures);
    const std::vector<std::string> names = read_strings(f, path, "figure_name", figures);
    const std::vector<std::string> subjects = read_strings(f, path, "figure_subject", figures);
    for (std::size_t k = 0; k < figures; ++k) s.keys.push_back({sections[k], names[k], subjects[k]});
    s.value = read_all<double>(f, path, "value", H5T_NATIVE_DOUBLE, figures * points * reps);
    s.mean = read_all<double>(f, path, "mean", H5T_NATIVE_DOUBLE, figures * points);
    s.lower = read_all<double>(f, path, "lower", H5T_NATIVE_DOUBLE, figures * points);
    s.upper = read_all<double>(f, path, "upper", H5T_NATIVE_DOUBLE, figures * points);
    s.exit_code = read_all<std::int32_t>(f, path, "exit_code", H5T_NATIVE_INT32, points * reps);
    return s;
  } catch (const twinsim::RunFileError& e) {
    throw AnalysisError(e.what());
  }
}

}  // namespace twinanalysis
