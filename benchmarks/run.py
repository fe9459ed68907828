"""Measure exportcheck against the targets of issues 6, 15 and 16 and print each figure and ratio.

    python benchmarks/run.py            # the full run (about fifteen minutes)
    python benchmarks/run.py --quick    # small inputs, one repetition: a smoke test
    python benchmarks/run.py --figures 6,7   # only those figures

Every figure is a ratio to a floor or a twin measured in the same run, in interleaved pairs of
fresh processes (A, B, A, B, ...: a machine whose speed drifts moves both of a pair), printed
as the median pair ratio with its spread; the times beside are the best of each side, with its
peak resident memory. The floors: the import of typer, rich.console and yaml (cold start);
PyYAML loading and parsing the description (big YAML); reading each CSV row and writing it as
JSON (manifests); the same check without the synthetic rules (rule scaling); jsonl (text),
--jobs 1 (--jobs 2), the same rows as CSV (XLSX), the same rows to 40 consignees (screening).
Inputs are generated reproducibly by benchmarks/workload.py into --work (a temporary folder by
default). Bytecode and the compiled rule book are made first, as `pip install` makes them, so
the package is measured as installed. The figures are printed, never asserted: this is not a
test.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import workload  # noqa: E402 (next to this script)

PROBE = """
import resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stdout.write(f"{elapsed} {peak} {done.returncode}\\n")
sys.stderr.write(done.stderr.decode(errors="replace")[-2000:])
"""

CSV_FLOOR = """
import csv, json, sys
out = sys.stdout.buffer
with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    lines = []
    for cells in csv.reader(handle):
        lines.append(json.dumps(cells).encode() + b"\\n")
        if len(lines) >= 1024:
            out.write(b"".join(lines))
            lines.clear()
    out.write(b"".join(lines))
"""
"""The least a CSV-to-JSON-lines tool does: read each row and write it as JSON."""


@dataclass
class Run:
    seconds: float
    peak_mb: float


def measure(command: list[str], repeat: int) -> Run:
    """Best wall time of `repeat` fresh processes, and the peak memory of that run (ru_maxrss
    of a probe process whose only child is the command)."""
    best: Run | None = None
    for _ in range(repeat):
        probe = subprocess.run(
            [sys.executable, "-c", PROBE, *command], capture_output=True, text=True, check=True
        )
        seconds, peak_kb, code = probe.stdout.split()
        if int(code) not in (0, 1, 3, 4):
            raise SystemExit(f"{' '.join(command)} failed ({code}):\n{probe.stderr}")
        run = Run(float(seconds), int(peak_kb) / 1024)
        if best is None or run.seconds < best.seconds:
            best = run
    assert best is not None
    return best


def paired(command: list[str], floor: list[str], pairs: int) -> tuple[Run, Run, list[float]]:
    """Run `command` and `floor` in turn (A B A B ...) and return the best of each and the
    ratio of every pair: a machine whose speed drifts during the runs moves both of a pair."""
    best_a: Run | None = None
    best_b: Run | None = None
    ratios: list[float] = []
    for _ in range(pairs):
        a, b = measure(command, 1), measure(floor, 1)
        ratios.append(a.seconds / b.seconds)
        best_a = a if best_a is None or a.seconds < best_a.seconds else best_a
        best_b = b if best_b is None or b.seconds < best_b.seconds else best_b
    assert best_a is not None
    assert best_b is not None
    return best_a, best_b, sorted(ratios)


def exportcheck() -> list[str]:
    script = Path(sys.executable).with_name("exportcheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "exportcheck"]


def python(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


def verdict(value: float, target: str, ok: bool) -> str:
    return f"{value:.2f} (target {target}: {'met' if ok else 'NOT met'})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small inputs, one repetition")
    parser.add_argument("--repeat", type=int, default=None, help="runs per figure (best kept)")
    parser.add_argument("--work", type=Path, default=None, help="where inputs are generated")
    parser.add_argument(
        "--figures", default="1,2,3,4,5,6,7,8,9", help="the figures to measure (default: all)"
    )
    args = parser.parse_args()
    figures = {int(n) for n in args.figures.split(",")}
    items, rows = (5_000, 20_000) if args.quick else (100_000, 1_000_000)
    repeat = args.repeat or (1 if args.quick else 3)
    work = args.work or Path(tempfile.mkdtemp(prefix="exportcheck-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env_note = os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(ROOT / "exportcheck", quiet=1)
    subprocess.run([sys.executable, "-m", "exportcheck.rules.compile"], check=True, cwd=ROOT)

    print(f"exportcheck benchmarks ({'quick' if args.quick else 'full'}), best of {repeat}")
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, ", end="")
    print(f"{platform.system()} {platform.release()}, Python {platform.python_version()}")
    if env_note is not None:
        print("(PYTHONDONTWRITEBYTECODE was set; unset for the runs, as bytecode is compiled)")
    print(f"inputs: {work}")

    small = ROOT / "examples" / "cotton-t-shirts.yaml"
    tool = exportcheck()
    measure([*tool, "check", str(small), "--format", "json"], 1)  # warm the file system
    if 1 in figures:
        _cold_start(tool, small, repeat)
    if figures & {2, 3, 4}:
        _big_inputs(tool, work, figures, (items, rows), repeat)
    if 5 in figures:
        _batch_text(tool, work, args.quick)
    if 6 in figures:
        _both_cores(tool, work, args.quick)
    if 7 in figures:
        _spreadsheets(tool, work, args.quick)
    if 8 in figures:
        _new_parties(tool, work, args.quick)
    if 9 in figures:
        _controlled(tool, work, args.quick)
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


def _cold_start(tool: list[str], small: Path, repeat: int) -> None:
    print("\n1. Cold start: one small file to JSON")
    floor_command = python("import typer, rich.console, yaml")
    cold_command = [*tool, "check", str(small), "--format", "json"]
    cold, floor, ratios = paired(cold_command, floor_command, max(repeat, 10) * 2)
    ratio = middle(ratios)
    print(f"   import floor (typer, rich.console, yaml): {floor.seconds * 1000:.0f} ms (best)")
    print(f"   exportcheck check {small.name} --format json: {cold.seconds * 1000:.0f} ms (best)")
    print(f"   ratio of the best runs: {cold.seconds / floor.seconds:.2f}")
    print(f"   ratio, median of {len(ratios)} interleaved pairs (spread ", end="")
    print(f"{ratios[0]:.2f}-{ratios[-1]:.2f}): {verdict(ratio, '<= 1.5', ratio <= 1.5)}")


def _big_inputs(
    tool: list[str], work: Path, figures: set[int], sizes: tuple[int, int], repeat: int
) -> None:
    """Figures 2, 3 and 4: a big description, a big manifest, many rules; each against its
    floor in interleaved pairs."""
    items, rows = sizes
    description = work / f"items-{items}.yaml"
    workload.write_yaml(description, items)
    if 2 in figures:
        _big_yaml(tool, description, repeat)
    if 3 in figures:
        _big_csv(tool, work, rows, repeat)
    if 4 in figures:
        _many_rules(tool, work, description, repeat)


def middle(ratios: list[float]) -> float:
    """The median of sorted pair ratios."""
    return ratios[len(ratios) // 2]


def median(ratios: list[float]) -> str:
    """The median of sorted pair ratios, with their spread and how many."""
    return (
        f"{middle(ratios):.2f} (median of {len(ratios)} pairs, "
        f"spread {ratios[0]:.2f}-{ratios[-1]:.2f})"
    )


def _big_yaml(tool: list[str], description: Path, repeat: int) -> None:
    size = description.stat().st_size / 1e6
    print(f"\n2. Big YAML: one description, {size:.1f} MB, full check to JSON")
    load = "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"
    events = (
        "import sys, yaml\nfor _ in yaml.parse(open(sys.argv[1], 'rb'), Loader=yaml.CLoader): pass"
    )
    command = [*tool, "check", str(description), "--format", "json"]
    ours, safe, to_a = paired(command, python(load, str(description)), repeat)
    again, parse, to_b = paired(command, python(events, str(description)), repeat)
    ours = again if again.seconds < ours.seconds else ours
    print(f"   (a) yaml.load CSafeLoader: {safe.seconds:.2f} s, {safe.peak_mb:.0f} MB")
    print(f"   (b) yaml.parse CLoader events: {parse.seconds:.2f} s, {parse.peak_mb:.0f} MB")
    print(f"   exportcheck: {ours.seconds:.2f} s, peak {ours.peak_mb:.0f} MB (best)")
    a, b = middle(to_a), middle(to_b)
    print(f"   ratio to (a): {median(to_a)}: target <= 0.5: {'met' if a <= 0.5 else 'NOT met'}")
    print(f"   ratio to (b): {median(to_b)}: target <= 4: {'met' if b <= 4 else 'NOT met'}")
    # read and checked item by item (issue 16: under 150 MB at 200,000 items)
    print(f"   peak memory: {verdict(ours.peak_mb, '<= 150', ours.peak_mb <= 150)} MB")


def _big_csv(tool: list[str], work: Path, rows: int, repeat: int) -> None:
    manifest = work / f"rows-{rows}.csv"
    header = workload.write_csv(manifest, rows)
    print(f"\n3. CSV manifest: {rows:,} rows to --format jsonl")
    csv_run, csv_floor, ratios = paired(
        [*tool, "check", str(manifest), "--header", str(header), "--format", "jsonl"],
        python(CSV_FLOOR, str(manifest)),
        repeat,
    )
    rate = rows / csv_run.seconds
    print(f"   file: {manifest.stat().st_size / 1e6:.0f} MB")
    print(f"   floor (csv.reader, json.dumps of each row): {csv_floor.seconds:.2f} s, ", end="")
    print(f"{rows / csv_floor.seconds:,.0f} rows/s (best)")
    print(f"   exportcheck: {csv_run.seconds:.2f} s, peak {csv_run.peak_mb:.0f} MB (best)")
    print(f"   ratio to the floor: {median(ratios)}")
    met = "met" if rate >= 100_000 else "NOT met"
    print(f"   rows per second: {rate:,.0f} (target >= 100,000: {met})")
    print(f"   peak memory: {verdict(csv_run.peak_mb, '<= 300', csv_run.peak_mb <= 300)} MB")


def _many_rules(tool: list[str], work: Path, description: Path, repeat: int) -> None:
    bundled = len(list((ROOT / "rulesets").glob("*.yaml")))
    rule_count = _bundled_rules()
    synthetic = work / "synthetic-rules.yaml"
    synthetic.write_text(workload.synthetic_rules(10 * rule_count), encoding="utf-8")
    print("\n4. Rule-count scaling: the big description, bundled rules vs 10x as many more")
    command = [*tool, "check", str(description), "--format", "json"]
    more, ours, ratios = paired([*command, "--rules", str(synthetic)], command, repeat)
    scale = middle(ratios)
    print(f"   bundled ({rule_count} rules in {bundled} files): {ours.seconds:.2f} s (best)")
    print(f"   bundled + {10 * rule_count} synthetic rules: {more.seconds:.2f} s (best)")
    print(f"   ratio: {median(ratios)}: target <= 1.2: {'met' if scale <= 1.2 else 'NOT met'}")


def _batch_text(tool: list[str], work: Path, quick: bool) -> None:
    batch_rows = 20_000
    print(f"\n5. Text for a batch: {batch_rows:,} manifest rows as text vs as jsonl")
    batch = work / f"rows-{batch_rows}.csv"
    batch_header = workload.write_csv(batch, batch_rows)
    common = [*tool, "check", str(batch), "--header", str(batch_header)]
    text_run, jsonl_run, text_ratios = paired(
        [*common, "--format", "text"], [*common, "--format", "jsonl"], 2 if quick else 5
    )
    text_ratio = middle(text_ratios)
    print(f"   jsonl: {jsonl_run.seconds:.2f} s, text: {text_run.seconds:.2f} s (best)")
    print(f"   ratio, median of {len(text_ratios)} interleaved pairs (spread ", end="")
    print(f"{text_ratios[0]:.2f}-{text_ratios[-1]:.2f}): ", end="")
    print(verdict(text_ratio, "<= 2", text_ratio <= 2))


def _both_cores(tool: list[str], work: Path, quick: bool) -> None:
    print("\n6. Both cores: manifest rows to jsonl, --jobs 2 vs --jobs 1")
    # Rows that all differ each take a decision (about a millisecond): 20,000 of them are as
    # much work as 200,000 that repeat.
    for label, distinct, job_rows in (
        ("rows that repeat", False, 20_000 if quick else 200_000),
        ("rows that all differ", True, 5_000 if quick else 20_000),
    ):
        rows_file = work / f"jobs-{job_rows}-{'distinct' if distinct else 'repeating'}.csv"
        rows_header = workload.write_csv(rows_file, job_rows, distinct=distinct)
        common = [*tool, "check", str(rows_file), "--header", str(rows_header), "-f", "jsonl"]
        two, one, job_ratios = paired(
            [*common, "--jobs", "2"], [*common, "--jobs", "1"], 1 if quick else 3
        )
        speedup = 1 / middle(job_ratios)
        print(
            f"   {label}, {job_rows:,}: --jobs 1 {one.seconds:.2f} s, "
            f"--jobs 2 {two.seconds:.2f} s; ",
            end="",
        )
        print(f"speed-up, median of {len(job_ratios)} pairs: ", end="")
        print(verdict(speedup, ">= 1.6", speedup >= 1.6))


def _spreadsheets(tool: list[str], work: Path, quick: bool) -> None:
    sheet_rows = 5_000 if quick else 50_000
    print(f"\n7. Spreadsheets: {sheet_rows:,} manifest rows as XLSX vs the same rows as CSV")
    book = work / f"sheet-{sheet_rows}.xlsx"
    book_header = workload.write_xlsx(book, sheet_rows)
    common = ["--header", str(book_header), "-f", "jsonl", "--jobs", "1"]
    xlsx_run, csv_twin, sheet_ratios = paired(
        [*tool, "check", str(book), *common],
        [*tool, "check", str(book.with_suffix(".csv")), *common],
        2 if quick else 5,
    )
    print(f"   file: {book.stat().st_size / 1e6:.1f} MB (the CSV: ", end="")
    print(f"{book.with_suffix('.csv').stat().st_size / 1e6:.1f} MB)")
    rate = sheet_rows / xlsx_run.seconds
    print(f"   XLSX to jsonl: {xlsx_run.seconds:.2f} s, {rate:,.0f} rows/s, ", end="")
    print(f"peak {xlsx_run.peak_mb:.0f} MB; CSV: {csv_twin.seconds:.2f} s, peak ", end="")
    print(f"{csv_twin.peak_mb:.0f} MB")
    print(f"   ratio XLSX / CSV, median of {len(sheet_ratios)} interleaved pairs (spread ", end="")
    ratio = middle(sheet_ratios)
    print(f"{sheet_ratios[0]:.2f}-{sheet_ratios[-1]:.2f}): {ratio:.2f}")


def _new_parties(tool: list[str], work: Path, quick: bool) -> None:
    party_rows = 5_000 if quick else 20_000
    print(
        f"\n8. Screening: {party_rows:,} manifest rows, each to a new consignee, vs the same rows"
    )
    print("   to the 40 consignees of the catalogue, to jsonl, --jobs 1")
    many = work / f"parties-{party_rows}.csv"
    few = work / f"few-parties-{party_rows}.csv"
    many_header = workload.write_csv(many, party_rows, parties=True)
    few_header = workload.write_csv(few, party_rows)
    new, same, ratios = paired(
        [*tool, "check", str(many), "--header", str(many_header), "-f", "jsonl", "--jobs", "1"],
        [*tool, "check", str(few), "--header", str(few_header), "-f", "jsonl", "--jobs", "1"],
        2 if quick else 5,
    )
    ratio = middle(ratios)
    print(f"   new consignee on every row: {new.seconds:.2f} s; the 40: {same.seconds:.2f} s")
    print(f"   ratio, median of {len(ratios)} interleaved pairs (spread ", end="")
    print(f"{ratios[0]:.2f}-{ratios[-1]:.2f}): {verdict(ratio, '<= 1.5', ratio <= 1.5)}")


def _bundled_rules() -> int:
    sys.path.insert(0, str(ROOT))
    from exportcheck.rules.load import load_rulebook  # noqa: PLC0415 (after the path is set)

    return len(load_rulebook().rules)


def _controlled(tool: list[str], work: Path, quick: bool) -> None:
    count = 3_000 if quick else 20_000
    print("\n9. Rows that all differ, 10 % of them drawn from products that need action:")
    print(f"   {count:,} manifest rows to jsonl, --jobs 1, vs the floor")
    # Which products need action is measured, not assumed: the catalogue is checked first.
    every = work / "catalogue.csv"
    every_header = workload.write_csv(every, 0, drawn=workload.catalogue_lines())
    numbers = frozenset(
        row - 2  # the header is line 1; each product is one line
        for row, level in _levels(tool, every, every_header)
        if level != "no_match"
    )
    manifest = work / f"controlled-{count}.csv"
    header = workload.write_csv(
        manifest, count, distinct=True, controlled=workload.Share(0.10, numbers)
    )
    levels = [level for _, level in _levels(tool, manifest, header)]
    acting = sum(level != "no_match" for level in levels) / len(levels)
    products = len(workload.products())
    print(f"   catalogue: {len(numbers)} of {products} products need action; ", end="")
    print(f"rows needing action: {acting:.1%}")
    ours, floor, ratios = paired(
        [*tool, "check", str(manifest), "--header", str(header), "-f", "jsonl", "--jobs", "1"],
        python(CSV_FLOOR, str(manifest)),
        1 if quick else 3,
    )
    ratio = middle(ratios)
    print(f"   exportcheck: {ours.seconds:.2f} s, {count / ours.seconds:,.0f} rows/s; ", end="")
    print(f"floor: {floor.seconds:.2f} s, {count / floor.seconds:,.0f} rows/s (best)")
    print(f"   ratio to the floor, {median(ratios)}: ", end="")
    print(f"target <= 5 (goal 3): {'met' if ratio <= 5 else 'NOT met'}")


def _levels(tool: list[str], manifest: Path, header: Path) -> list[tuple[int, str]]:
    """(row, verdict) of each row of a manifest, checked once."""
    out = manifest.with_suffix(".jsonl")
    command = [*tool, "check", str(manifest), "--header", str(header), "-f", "jsonl"]
    subprocess.run([*command, "--jobs", "1", "-o", str(out)], check=False)
    with out.open(encoding="utf-8") as lines:
        return [(found["row"], found["verdict"]) for found in map(json.loads, lines)]


if __name__ == "__main__":
    main()
