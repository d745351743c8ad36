"""Loads an esimtwin run file (docs/RUN-FILE.md, schema version 1) into pandas
DataFrames and draws the standard plots with matplotlib's Agg backend.

    import esimtwin_run as er
    run = er.load("run.h5")
    run.events            # t, device, kind (categorical: the kind names), value
    er.save_png(er.plot_events_by_kind(run), "events.png")

Every plot function returns a matplotlib Figure of FIGSIZE inches; save_png
writes it at DPI dots per inch (800 x 450 pixels)."""
import math
import os

import h5py
import numpy as np
import pandas as pd
import yaml
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

SCHEMA_VERSION = 1  # docs/RUN-FILE.md: readers refuse a newer version
FIGSIZE = (8.0, 4.5)
DPI = 100
WEAR_FAILURES = ("any", "worn", "too_hot", "charge_lost", "failed")  # esimtwin wear's curves
PLATFORM_COLUMNS = ("queue", "served", "rejected", "busy")

_REQUIRED = ("events", "devices", "apdu", "expectations")
_OPTIONAL = ("chip_audit", "campaign_progress", "wear")
# The columns in docs/RUN-FILE.md's order (h5py lists them by name).
_COLUMNS = {
    "events": ("t", "device", "kind", "value"),
    "devices": ("device", "population", "attached", "attaches", "auth_failures", "sync_failures", "nvm_programs",
                "max_erase_count", "state_bytes"),
    "platforms": ("t",) + ("queue", "served", "rejected", "busy"),
    "apdu": ("t", "device", "direction", "bytes"),
    "expectations": ("metric", "op", "target", "value", "passed"),
    "chip_audit": ("t", "device", "chip", "actor", "action", "from", "to", "detail"),
    "campaign_progress": ("t", "campaign", "released", "attempts", "delivered", "expired", "sms_failed", "retries",
                          "done", "failed"),
    "wear": ("device", "population", "programs", "worn_s", "too_hot_s", "charge_lost_s", "lost_page", "failed_s"),
}
_METADATA = ("schema_version", "esimtwin_version", "scenario", "scenario_file", "seed", "stop_s", "created_utc",
             "wall_seconds", "interrupted")


class RunFileError(ValueError):
    """A file that is not a readable esimtwin run file; the message starts with its path."""


class Run:
    """One run file's tables as DataFrames (None for an optional table the run
    has not: chip_audit, campaign_progress, wear) and its root attributes."""

    def __init__(self, path):
        self.path = path
        self.attrs = {}
        self.kinds = []
        self.population_names = []
        self.campaign_names = []
        self.events = self.devices = self.apdu = self.expectations = None
        self.platforms = {}
        self.chip_audit = self.campaign_progress = self.wear = None

    def __getattr__(self, name):
        # The metadata attributes: run.seed, run.stop_s, run.scenario, ...
        if name in _METADATA:
            return self.__dict__["attrs"].get(name)
        raise AttributeError(name)

    def __repr__(self):
        return (f"Run({self.path!r}: {len(self.events)} events, {len(self.devices)} devices, "
                f"populations {self.population_names}, platforms {sorted(self.platforms)})")


def _python(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.generic):
        return value.item()
    return value


def _column(ds):
    if h5py.check_string_dtype(ds.dtype) is not None:
        return ds.asstr()[:]
    if h5py.check_vlen_dtype(ds.dtype) is not None:  # /apdu/bytes: vlen uint8
        return np.array([bytes(b) for b in ds[:]], dtype=object)
    return ds[:]


def _table(path, group, name):
    columns = {k: _column(v) for k, v in group.items() if isinstance(v, h5py.Dataset)}
    lengths = {k: len(v) for k, v in columns.items()}
    if len(set(lengths.values())) > 1:
        raise RunFileError(f"{path}: columns of /{name} have unequal lengths ({lengths})")
    order = _COLUMNS.get(name.split("/")[0], ())
    missing = [c for c in order if c not in columns]
    if missing:
        raise RunFileError(f"{path}: /{name} has no column {', '.join(missing)}")
    return pd.DataFrame(columns)[list(order) + sorted(set(columns) - set(order))]


def _names(path, scenario, section):
    """The `name`s of the scenario's `section` list, in order, as written
    (scalar text: a name like `1.0` or `yes` stays text, as esimtwin reads it)."""
    try:
        root = yaml.compose(scenario)
    except yaml.YAMLError as e:
        raise RunFileError(f"{path}: cannot read the scenario it holds: {e}") from None
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == section and isinstance(value, yaml.SequenceNode):
            names = []
            for i, item in enumerate(value.value):
                name = next((v.value for k, v in item.value if k.value == "name"),
                            None) if isinstance(item, yaml.MappingNode) else None
                names.append(name if name is not None else f"{section[:-1]} {i}")
            return names
    return []


def _categorical(path, table, table_name, column, names, what):
    codes = table[column].to_numpy().astype(np.int64)
    if len(codes) and codes.max() >= len(names):
        raise RunFileError(f"{path}: /{table_name} {column} {codes.max()} names no {what} (the run has {len(names)})")
    table[column] = pd.Categorical.from_codes(codes, categories=pd.Index(names, dtype=object))


def load(path):
    """The run file at `path` as a Run. FileNotFoundError for a missing file;
    RunFileError (a ValueError) naming the file for one that is not HDF5, is
    damaged, is not an esimtwin run file or has a newer schema."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(2, f"{path}: no such file", path)
    if not h5py.is_hdf5(path):
        raise RunFileError(f"{path}: not an HDF5 file")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise RunFileError(f"{path}: truncated or damaged ({e})") from None
    with f:
        if "schema_version" not in f.attrs or any(t not in f for t in _REQUIRED):
            raise RunFileError(f"{path}: not an esimtwin run file")
        run = Run(path)
        run.attrs = {k: _python(v) for k, v in f.attrs.items()}
        if run.schema_version > SCHEMA_VERSION:
            raise RunFileError(f"{path}: schema version {run.schema_version} is newer than this reader "
                               f"({SCHEMA_VERSION})")
        try:
            for name in _REQUIRED + _OPTIONAL:
                if name in f:
                    setattr(run, name, _table(path, f[name], name))
            if "platforms" in f:
                run.platforms = {p: _table(path, g, f"platforms/{p}") for p, g in f["platforms"].items()}
            run.kinds = [_python(k) for k in f["events/kind"].attrs["kinds"]]
        except (KeyError, OSError) as e:
            raise RunFileError(f"{path}: truncated or damaged ({e})") from None
    run.population_names = _names(path, run.scenario or "", "populations")
    run.campaign_names = _names(path, run.scenario or "", "campaigns")
    _categorical(path, run.events, "events", "kind", run.kinds, "event kind")
    for name in ("devices", "wear"):
        if getattr(run, name) is not None:
            _categorical(path, getattr(run, name), name, "population", run.population_names, "population")
    return run


# --- the standard plots ---------------------------------------------------

def _figure():
    fig = Figure(figsize=FIGSIZE, dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def save_png(fig, path):
    """Writes `fig` as a PNG of FIGSIZE x DPI pixels."""
    fig.savefig(path, format="png", dpi=DPI)


def _time_unit(stop_s):
    for unit, seconds in (("d", 86400.0), ("h", 3600.0), ("min", 60.0)):
        if stop_s >= 3 * seconds:
            return unit, seconds
    return "s", 1.0


def _need(run, table, why):
    if getattr(run, table) is None or len(getattr(run, table)) == 0:
        raise ValueError(f"{run.path} has no /{table} rows: {why}")
    return getattr(run, table)


def plot_events_by_kind(run, bins=60, top=8):
    """Events per time bin (`bins` equal bins from 0 to stop_s), one line for
    each of the `top` most frequent kinds and one for the others."""
    fig = _figure()
    ax = fig.add_subplot()
    unit, scale = _time_unit(run.stop_s)
    edges = np.linspace(0.0, run.stop_s, bins + 1)
    ev = run.events
    counts = ev["kind"].value_counts()
    counts = counts[counts > 0]
    shown = list(counts.index[:top])
    groups = [(k, ev["t"][ev["kind"] == k]) for k in shown]
    if len(counts) > top:
        groups.append((f"other ({len(counts) - top} kinds)", ev["t"][~ev["kind"].isin(shown)]))
    for label, t in groups:
        n, _ = np.histogram(t.to_numpy(), bins=edges)
        ax.step(edges[1:] / scale, n, where="pre", label=str(label))
    ax.set_xlabel(f"simulated time ({unit})")
    ax.set_ylabel(f"events per {run.stop_s / bins:.4g} s")
    ax.set_title(f"{os.path.basename(run.path)}: events by kind ({len(ev)} events)")
    if groups:
        ax.legend(fontsize="x-small", loc="upper right")
    return fig


def plot_platform_load(run, platforms=None):
    """Each platform's queue, served, rejected (per sample interval) and busy
    fraction over time (docs/RUN-FILE.md, platforms/<name>)."""
    names = sorted(run.platforms) if platforms is None else list(platforms)
    unknown = [p for p in names if p not in run.platforms]
    if unknown:
        raise ValueError(f"{run.path} has no platform {unknown} (it has {sorted(run.platforms)})")
    fig = _figure()
    axes = fig.subplots(len(PLATFORM_COLUMNS), 1, sharex=True)
    unit, scale = _time_unit(run.stop_s)
    for ax, column in zip(axes, PLATFORM_COLUMNS):
        for p in names:
            table = run.platforms[p]
            ax.plot(table["t"] / scale, table[column], label=p, linewidth=1)
        ax.set_ylabel(column, fontsize="small")
    axes[0].set_title(f"{os.path.basename(run.path)}: platform load")
    axes[-1].set_xlabel(f"simulated time ({unit})")
    if names:
        axes[0].legend(fontsize="x-small", loc="upper right")
    return fig


def plot_campaign_progress(run):
    """Each write-card campaign's orders released and done (cumulative) over
    time (docs/RUN-FILE.md, /campaign_progress)."""
    pr = _need(run, "campaign_progress", "the scenario has no write-card campaign")
    fig = _figure()
    ax = fig.add_subplot()
    unit, scale = _time_unit(run.stop_s)
    for c, rows in pr.groupby("campaign"):
        name = run.campaign_names[c] if c < len(run.campaign_names) else f"campaign {c}"
        ax.step(rows["t"] / scale, rows["released"], where="post", label=f"{name} released")
        ax.step(rows["t"] / scale, rows["done"], where="post", label=f"{name} done")
    ax.set_xlabel(f"simulated time ({unit})")
    ax.set_ylabel("orders")
    ax.set_title(f"{os.path.basename(run.path)}: write-card campaign progress")
    ax.legend(fontsize="x-small", loc="lower right")
    return fig


def plot_device_histograms(run):
    """Histograms of the devices' attaches, NVM programs and highest erase
    count, stacked by population (docs/RUN-FILE.md, /devices)."""
    fig = _figure()
    axes = fig.subplots(1, 3)
    dev = run.devices
    pops = [p for p in dev["population"].cat.categories if (dev["population"] == p).any()]
    for ax, column in zip(axes, ("attaches", "nvm_programs", "max_erase_count")):
        values = [dev[column][dev["population"] == p].to_numpy().astype(float) for p in pops]
        ax.hist(values, bins=20, stacked=True, label=pops)
        ax.set_xlabel(column, fontsize="small")
        ax.tick_params(labelsize="x-small")
    axes[0].set_ylabel("devices")
    axes[0].legend(fontsize="x-small")
    fig.suptitle(f"{os.path.basename(run.path)}: {len(dev)} devices")
    return fig


def failure_times(run, failure):
    """Per /wear row, the time of `failure` (one of WEAR_FAILURES; `any` is
    the first of worn, too hot and charge lost, as esimtwin wear counts
    it); +inf when the card never had it (the file's NaN)."""
    w = _need(run, "wear", "no population has a temperature")
    if failure not in WEAR_FAILURES:
        raise ValueError(f"no wear failure '{failure}' (the failures: {', '.join(WEAR_FAILURES)})")
    cols = ["worn_s", "too_hot_s", "charge_lost_s"] if failure == "any" else [f"{failure}_s"]
    return w[cols].fillna(math.inf).min(axis=1).to_numpy()


def failure_curves(run, grid=None):
    """The fraction of each population's cards failed by t (a time <= t), a
    row per (population, t) of `grid` (default 200 times to stop_s) and a
    column per failure of WEAR_FAILURES."""
    w = _need(run, "wear", "no population has a temperature")
    grid = np.linspace(0.0, run.stop_s, 201)[1:] if grid is None else np.asarray(grid, dtype=float)
    times = {k: failure_times(run, k) for k in WEAR_FAILURES}
    rows = []
    for p in [p for p in w["population"].cat.categories if (w["population"] == p).any()]:
        member = (w["population"] == p).to_numpy()
        for k in WEAR_FAILURES:
            sorted_t = np.sort(times[k][member])
            fraction = np.searchsorted(sorted_t, grid, side="right") / len(sorted_t)
            rows.append(pd.DataFrame({"population": p, "t": grid, "failure": k, "fraction": fraction}))
    return pd.concat(rows).pivot_table(index=["population", "t"], columns="failure", values="fraction",
                                       observed=True)[list(WEAR_FAILURES)]


def plot_wear_curves(run, grid=None):
    """One panel per population with a temperature: the fraction of its
    cards failed by t for each failure of WEAR_FAILURES."""
    curves = failure_curves(run, grid)
    present = set(curves.index.get_level_values("population"))
    pops = [p for p in run.population_names if p in present]  # scenario order
    fig = _figure()
    cols = min(3, len(pops))
    axes = np.atleast_1d(fig.subplots(math.ceil(len(pops) / cols), cols, sharey=True, squeeze=False)).ravel()
    unit, scale = _time_unit(run.stop_s)
    for ax, p in zip(axes, pops):
        c = curves.loc[p]
        for k in WEAR_FAILURES:
            ax.step(c.index / scale, c[k], where="post", label=k)
        ax.set_title(str(p), fontsize="small")
        ax.set_xlabel(f"simulated time ({unit})", fontsize="small")
        ax.set_ylim(-0.02, 1.02)
    for ax in axes[len(pops):]:
        ax.set_visible(False)
    axes[0].set_ylabel("fraction of cards failed by t")
    axes[0].legend(fontsize="x-small", loc="upper left")
    fig.suptitle(f"{os.path.basename(run.path)}: wear failure curves")
    return fig


PLOTS = {
    "events_by_kind": plot_events_by_kind,
    "platform_load": plot_platform_load,
    "campaign_progress": plot_campaign_progress,
    "device_histograms": plot_device_histograms,
    "wear_curves": plot_wear_curves,
}


def available_plots(run):
    """The names of PLOTS that `run` has the tables for."""
    have = {"campaign_progress": run.campaign_progress is not None and len(run.campaign_progress) > 0,
            "wear_curves": run.wear is not None and len(run.wear) > 0}
    return [name for name in PLOTS if have.get(name, True)]
