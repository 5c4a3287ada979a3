"""Run every lnnav benchmark and print one table of figures, ratios and pass/fail.

    python bench/run.py            # everything (about 2.5 minutes)
    python bench/run.py --quick    # leave out the 100,000-node guideline

Start-up figures are ratios to a bare interpreter importing what lnnav cannot do
without, measured as the median of alternating runs so that a busy machine slows
both sides alike. Throughput figures are the best of a few runs of the installed
`lnnav` script. Bytecode is written and warmed first (PYTHONDONTWRITEBYTECODE is
dropped), as it is for an installed package. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from gen_guideline import write_chain, write_guideline, write_route, write_scenarios  # noqa: E402

PY = sys.executable
LNNAV = str(Path(PY).parent / "lnnav")
# consults note a checked guideline in the cache (lnnav.stamp): the benchmarks keep their own, not the user's
CACHE = tempfile.mkdtemp(prefix="lnnav-bench-cache-")
atexit.register(shutil.rmtree, CACHE, True)  # however the run ends: a failed command exits early
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {
    "NO_COLOR": "1", "COLUMNS": "100", "LNNAV_CACHE_DIR": CACHE}
NO_CACHE = ENV | {"LNNAV_CACHE_DIR": os.devnull}  # a file, not a folder: no note can be kept, every consult checks


@dataclass
class Row:
    name: str
    figure: str
    target: str
    ok: bool


class Took(NamedTuple):
    wall: float  # seconds
    cpu: float  # user + system seconds of the process
    peak: float  # its peak resident memory, MiB


def measure(cmd: list[str], env: dict[str, str] | None = None) -> Took:
    """One run of ``cmd``: wall time, and the process's own CPU time and peak memory (wait4)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env or ENV, cwd=ROOT)
    _pid, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"bench: {' '.join(cmd)} exited {proc.returncode}")
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB elsewhere
    return Took(took, usage.ru_utime + usage.ru_stime, peak)


def wall(cmd: list[str]) -> float:
    return measure(cmd).wall


class Pair(NamedTuple):
    a: Took  # medians of each figure
    b: Took
    wall: float  # median of the pairs' ratios
    cpu: float
    peak: float


def paired(cmd: list[str], base: list[str], runs: int, *, env: dict[str, str] | None = None,
           base_env: dict[str, str] | None = None) -> Pair:
    """cmd and base in turn (A B A B ...), after one warm-up each; medians, and the median of each pair's ratio.

    A pair's two runs meet the same machine, so their ratio holds while its speed drifts.
    """
    measure(cmd, env), measure(base, base_env)  # warm caches, bytecode and the cache note
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(measure(cmd, env))
        theirs.append(measure(base, base_env))

    def med(runs_: list[Took]) -> Took:
        return Took(*(statistics.median(getattr(t, f) for t in runs_) for f in Took._fields))

    def ratio(field: str) -> float:
        return statistics.median(getattr(x, field) / getattr(y, field) for x, y in zip(ours, theirs, strict=True))

    return Pair(med(ours), med(theirs), ratio("wall"), ratio("cpu"), ratio("peak"))


def ratio(cmd: list[str], base: list[str], runs: int) -> tuple[float, float, float]:
    """Median wall time of cmd and of base, alternating, and the median of their paired ratios."""
    pair = paired(cmd, base, runs)
    return pair.a.wall, pair.b.wall, pair.wall


def best(cmd: list[str], runs: int) -> float:
    return min(wall(cmd) for _ in range(runs))


def imported(argv: list[str]) -> list[str]:
    """Heavy modules a command imports, from a fresh interpreter."""
    code = ("import sys\nfrom lnnav.cli.main import main\n"
            f"main({argv!r})\n"
            "heavy = ('yaml', 'rich', 'questionary', 'prompt_toolkit', 'lnnav.model.guideline', 'lnnav.format.loader',"
            " 'jsonschema')\n"
            "sys.stderr.write('\\n' + ' '.join(sorted({m.split('.')[0] if not m.startswith('lnnav') else m\n"
            "    for m in sys.modules if m.startswith(heavy)})))\n")
    done = subprocess.run([PY, "-c", code], capture_output=True, text=True, env=ENV, cwd=ROOT, check=False)
    return done.stderr.rsplit("\n", 1)[-1].split()


def yaml_parser() -> str:
    """Which parser lnnav.format.yamlio reads with: libyaml's (C) when PyYAML was built with it."""
    code = "import yaml\nfrom lnnav.format import yamlio\nprint(yamlio._Loader.__name__, yaml.__with_libyaml__)"
    done = subprocess.run([PY, "-c", code], capture_output=True, text=True, env=ENV, cwd=ROOT, check=False)
    name, _sp, with_libyaml = done.stdout.strip().partition(" ")
    return f"libyaml ({name})" if name.startswith("C") else f"pure Python ({name}; libyaml: {with_libyaml})"


def consult_case() -> tuple[list[str], str]:
    """The bundled guideline's first scenario when the guideline is valid, else the mini fixture's."""
    bundled = ROOT / "guidelines" / "lupus-nephritis"
    scenarios = sorted((bundled / "scenarios").glob("*.yaml"))
    if scenarios and subprocess.run([LNNAV, "validate", str(bundled)], capture_output=True, env=ENV,
                                    check=False).returncode == 0:
        return ["--answers", str(scenarios[0])], f"bundled, {scenarios[0].name}"
    mini = ROOT / "tests" / "data" / "mini"
    return ["--guideline", str(mini), "--answers", str(mini / "scenarios" / "severe-flare.yaml")], "mini fixture"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="leave out the 100,000-node guideline")
    ap.add_argument("--runs", type=int, default=21, help="alternating runs per start-up ratio (default 21)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    rows: list[Row] = []
    figures: dict[str, float] = {}

    a, b, r = ratio([LNNAV, "--help"], [PY, "-c", "import typer"], args.runs)
    figures |= {"help_s": a, "import_typer_s": b, "help_ratio": r}
    rows.append(Row("lnnav --help / python -c 'import typer'", f"{a * 1000:.0f} / {b * 1000:.0f} ms = {r:.2f}x",
                    "<= 1.10x", r <= 1.1))

    case, label = consult_case()
    consult = [LNNAV, "consult", *case, "--format", "json"]
    floor = [PY, "-c", "import typer, yaml, rich.console"]
    a, b, r = ratio(consult, floor, args.runs)
    figures |= {"consult_s": a, "import_floor_s": b, "consult_ratio": r}
    rows.append(Row(f"consult --format json ({label}) / import typer, yaml, rich.console",
                    f"{a * 1000:.0f} / {b * 1000:.0f} ms = {r:.2f}x", "<= 1.15x", r <= 1.15))
    # the same consult with no cache to note the checks in: what every consult cost before issue 23
    unnoted = paired(consult, floor, args.runs, env=NO_CACHE)
    figures |= {"consult_unnoted_s": unnoted.a.wall, "consult_unnoted_ratio": unnoted.wall}
    rows.append(Row("  the same, no cache (checked at each consult) / the same floor",
                    f"{unnoted.a.wall * 1000:.0f} / {unnoted.b.wall * 1000:.0f} ms = {unnoted.wall:.2f}x", "(reference)",
                    True))

    # route and compute evaluation must not show: a v2 consult that converts a unit, computes
    # and routes, against a v1 consult of the same size that does none of it
    v2 = ROOT / "tests" / "data" / "v2"
    mini = ROOT / "tests" / "data" / "mini"
    v2_consult = [LNNAV, "consult", "--guideline", str(v2), "--answers", str(v2 / "scenarios" / "dual.yaml"),
                  "--format", "json"]
    v1_consult = [LNNAV, "consult", "--guideline", str(mini), "--answers",
                  str(mini / "scenarios" / "severe-flare.yaml"), "--format", "json"]
    a, b, r = ratio(v2_consult, v1_consult, args.runs)
    figures |= {"consult_v2_s": a, "consult_v1_s": b, "consult_v2_ratio": r}
    rows.append(Row("consult v2 fixture (units, compute, route) / v1 mini", f"{a * 1000:.0f} / {b * 1000:.0f} ms = "
                    f"{r:.2f}x", "<= 1.10x", r <= 1.1))

    text = [LNNAV, "consult", *case]  # to a pipe: plain text at 100 columns
    a, b, r = ratio(text, consult, args.runs)
    figures |= {"consult_text_s": a, "consult_text_ratio": r}
    rows.append(Row("consult, text to a pipe / --format json", f"{a * 1000:.0f} / {b * 1000:.0f} ms = {r:.2f}x",
                    "<= 1.10x", r <= 1.1))

    with tempfile.TemporaryDirectory(prefix="lnnav-bench-") as tmp:
        sizes = [1000, 10_000] if args.quick else [1000, 10_000, 100_000]
        took: dict[int, float] = {}
        for n in sizes:
            folder = Path(tmp) / f"g{n}"
            write_guideline(folder, n)
            if n < 100_000:
                took[n] = best([LNNAV, "validate", str(folder)], 3)
                figures[f"validate_{n}_s"] = took[n]
        rows.append(Row("validate, 1,000 nodes", f"{took[1000]:.2f} s", "(linear)", True))
        rows.append(Row("validate, 10,000 nodes", f"{took[10_000]:.2f} s", "<= 1.00 s", took[10_000] <= 1.0))
        shown = best([LNNAV, "show", "--guideline", str(Path(tmp) / "g10000")], 3)
        figures |= {"show_10000_s": shown, "show_ratio": shown / took[10_000]}
        rows.append(Row("show / validate, 10,000 nodes", f"{shown:.2f} / {took[10_000]:.2f} s = "
                        f"{shown / took[10_000]:.2f}x", "<= 1.50x", shown / took[10_000] <= 1.5))
        if not args.quick:  # 100,000 against 10,000 nodes in turn: time (CPU, wall) and peak memory
            big = paired([LNNAV, "validate", str(Path(tmp) / "g100000")], [LNNAV, "validate", str(Path(tmp) / "g10000")],
                         3)
            figures |= {"validate_100000_s": big.a.wall, "validate_100000_cpu_s": big.a.cpu,
                        "validate_10000_cpu_s": big.b.cpu, "validate_growth_cpu": big.cpu,
                        "validate_growth_wall": big.wall, "validate_100000_peak_mib": big.a.peak,
                        "validate_10000_peak_mib": big.b.peak, "validate_growth_peak": big.peak}
            rows.append(Row("validate, 100,000 / 10,000 nodes, CPU", f"{big.a.cpu:.2f} / {big.b.cpu:.2f} s = "
                            f"{big.cpu:.1f}x", "<= 10x", big.cpu <= 10))
            rows.append(Row("  the same, wall", f"{big.a.wall:.2f} / {big.b.wall:.2f} s = {big.wall:.1f}x", "<= 10x",
                            big.wall <= 10))
            rows.append(Row("  the same, peak memory", f"{big.a.peak:.0f} / {big.b.peak:.0f} MiB = {big.peak:.1f}x",
                            "<= 10x", big.peak <= 10))

        # one route of many rules on one number: rule analysis must grow with the rules, not their square
        routes = {n: write_route(Path(tmp) / f"route{n}", n) for n in (500, 2000)}
        route = paired([LNNAV, "validate", str(routes[2000].parent)], [LNNAV, "validate", str(routes[500].parent)], 5)
        figures |= {"route_2000_s": route.a.wall, "route_500_s": route.b.wall, "route_growth": route.cpu}
        rows.append(Row("validate, 2,000-rule route / 500-rule (CPU)", f"{route.a.cpu:.2f} / {route.b.cpu:.2f} s = "
                        f"{route.cpu:.1f}x", "<= 5x", route.cpu <= 5))
        on_route = paired([LNNAV, "consult", "--guideline", str(routes[2000].parent), "--answers", str(routes[2000]),
                           "--format", "json"], consult, args.runs)
        figures |= {"consult_route_2000_s": on_route.a.wall, "consult_route_ratio": on_route.wall}
        rows.append(Row("consult, 2,000-rule route / bundled (both noted)", f"{on_route.a.wall * 1000:.0f} / "
                        f"{on_route.b.wall * 1000:.0f} ms = {on_route.wall:.2f}x", "<= 1.10x", on_route.wall <= 1.1))

        folder = Path(tmp) / "scenarios"
        write_scenarios(folder, write_guideline(folder, 200), 1000)
        check = [LNNAV, "scenario", "check", "--guideline", str(folder)]
        t = best(check, 3)
        figures["scenario_check_1000_s"] = t
        rows.append(Row("scenario check, 1,000 scenarios", f"{t:.2f} s", "<= 2.00 s", t <= 2.0))
        tj = best([*check, "--format", "json"], 3)
        figures |= {"scenario_check_json_s": tj, "scenario_check_text_ratio": t / tj}
        rows.append(Row("scenario check, text / --format json", f"{t:.2f} / {tj:.2f} s = {t / tj:.2f}x", "<= 1.10x",
                        t / tj <= 1.1))

        chain: dict[int, float] = {}
        for n in (2000, 20_000):  # one long path: a consult must grow with its length, not its square
            answers = write_chain(Path(tmp) / f"chain{n}", n)
            chain[n] = best([LNNAV, "consult", "--guideline", str(answers.parent), "--answers", str(answers),
                             "--format", "json"], 2)
            figures[f"consult_chain_{n}_s"] = chain[n]
        growth = chain[20_000] / chain[2000]
        rows.append(Row("consult, 20,000-question chain / 2,000", f"{chain[20_000]:.2f} / {chain[2000]:.2f} s = "
                        f"{growth:.1f}x", "<= 12x (linear)", growth <= 12))

    rows.append(Row("YAML parser lnnav reads with", yaml_parser(), "(reference: libyaml)", True))
    help_mods = imported(["--help"])
    json_mods = imported(["consult", *case, "--format", "json"])
    rows.append(Row("heavy imports for --help", " ".join(help_mods) or "none", "none", not help_mods))
    rows.append(Row("heavy imports for a JSON consult", " ".join(json_mods), "no rich, questionary",
                    not {"rich", "questionary", "prompt_toolkit"} & set(json_mods)))

    width = max(len(r.name) for r in rows)
    fig_width = max(len(r.figure) for r in rows)
    print(f"{'benchmark':<{width}}  {'measured':<{fig_width}}  {'target':<20}  result")
    for row in rows:
        print(f"{row.name:<{width}}  {row.figure:<{fig_width}}  {row.target:<20}  {'PASS' if row.ok else 'FAIL'}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPU(s), load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
