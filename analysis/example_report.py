#!/usr/bin/env python3
"""A notebook-style report of one esimtwin run file: summary tables on the
standard output and the standard plots (analysis/esimtwin_run.py) as PNGs.

usage: python3 analysis/example_report.py RUN.h5 --out plots/

Each section below is a cell: copy them into a notebook to explore a run."""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import esimtwin_run as er  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", help="an esimtwin run file (docs/RUN-FILE.md)")
    parser.add_argument("--out", required=True, help="directory the PNGs are written to (created if missing)")
    args = parser.parse_args()

    # %% Load the run: every table as a DataFrame, the root attributes.
    try:
        run = er.load(args.run)
    except (OSError, ValueError) as e:
        sys.exit(f"example_report: {e}")
    print(f"run {run.path}: scenario {run.scenario_file}, seed {run.seed}, stop {run.stop_s:g} s, "
          f"esimtwin {run.esimtwin_version}{', interrupted' if run.interrupted else ''}")

    # %% The events by kind: how many of each, the first and last time.
    by_kind = run.events.groupby("kind", observed=True)["t"].agg(["count", "min", "max"])
    print("\nevents by kind\n" + by_kind.sort_values("count", ascending=False).to_string())

    # %% The devices, per population.
    per_pop = run.devices.groupby("population", observed=True).agg(
        devices=("device", "size"), attached=("attached", "sum"), attaches=("attaches", "mean"),
        auth_failures=("auth_failures", "sum"), nvm_programs=("nvm_programs", "mean"),
        max_erase_count=("max_erase_count", "max"))
    print("\ndevices per population (attaches and nvm_programs: mean)\n" + per_pop.to_string())

    # %% The platforms: totals served and rejected, peak queue, mean busy fraction.
    if run.platforms:
        load = {p: {"served": t["served"].sum(), "rejected": t["rejected"].sum(), "queue_max": t["queue"].max(),
                    "busy_mean": t["busy"].mean()} for p, t in run.platforms.items()}
        print("\nplatforms\n" + er.pd.DataFrame(load).T.to_string())

    # %% The expectations and their verdicts.
    if len(run.expectations):
        print("\nexpectations\n" + run.expectations.to_string(index=False))

    # %% Write-card campaigns: the last row of each campaign's progress.
    if run.campaign_progress is not None and len(run.campaign_progress):
        last = run.campaign_progress.groupby("campaign").tail(1).set_index("campaign")
        print("\ncampaign progress at the stop\n" + last.to_string())

    # %% Wear: the fraction of each population's cards failed by the stop.
    if run.wear is not None and len(run.wear):
        at_stop = er.failure_curves(run, [run.stop_s]).droplevel("t")
        print("\nwear: fraction of cards failed by the stop\n" + at_stop.to_string())

    # %% The standard plots, one PNG each.
    os.makedirs(args.out, exist_ok=True)
    for name in er.available_plots(run):
        path = os.path.join(args.out, f"{name}.png")
        er.save_png(er.PLOTS[name](run), path)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
