#!/usr/bin/env python3
"""tools/strategy/pipeline_lines.py: which cache lines of one stream's state a decision touches.

With hundreds of streams a stream's state is cold when its candle closes (it last ran one
interval ago), and the transfer is bandwidth-bound: what a decision costs then is mostly the
number of distinct 64-byte lines of per-stream state (the SignalPipeline object and the heap
blocks reached from it) that it reads or writes. This script measures that number, by member.

How: the driver (trace_pipeline_lines, built with the strategy module) warms one pipeline up on
a CSV and decides N more candles, each between reads of two marker globals; valgrind's lackey
traces every load and store; the addresses are cut into decisions at the markers and attributed
to members by the pipeline's layout, which gdb reads from the driver's debug info
(pipeline_layout_gdb.py), and to heap blocks by the pointers the driver found in the object.
Printed: per component, the mean number of distinct lines touched per decision (and of those
written), its size in lines; then the totals for the object, its heap blocks, the stack and
static data (shared by all streams: the model's weights, tables).

usage: pipeline_lines.py DRIVER (--data FILE.csv | --load FILE.json) [--depth D] [--detail PREFIX ...] [--warmup N]
       [--decisions N] [--ml] [--save FILE.json] [--by-line PREFIX]
"""
import argparse
import collections
import json
import os
import subprocess
import sys

LINE = 64
HERE = os.path.dirname(os.path.abspath(__file__))


def fail(message):
    sys.stderr.write("pipeline_lines: %s\n" % message)
    sys.exit(2)


def read_layout(driver):
    script = os.path.join(HERE, "pipeline_layout_gdb.py")
    result = subprocess.run(["gdb", "-batch", "-nx", "-x", script, driver],
                            capture_output=True, text=True)
    layout = []
    for row in result.stdout.splitlines():
        parts = row.split(" ", 2)
        if len(parts) == 3 and parts[0].isdigit() and parts[1].isdigit():
            layout.append((int(parts[0]), int(parts[1]), parts[2]))
    if not layout:
        fail("gdb printed no layout for %s (built with -g?): %s" % (driver, result.stderr.strip()))
    layout.sort()
    return layout


def member_at(layout, offset):
    """The leaf path holding byte `offset` of the object (padding goes to the member before)."""
    lo, hi = 0, len(layout) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if layout[mid][0] <= offset:
            lo = mid
        else:
            hi = mid - 1
    start, size, path = layout[lo]
    return path if offset < start + size else path + " (padding)"


def component(path, depth):
    parts = path.replace("[", ".[").split(".")
    return ".".join(parts[:depth]).replace(".[", "[")


def main():
    parser = argparse.ArgumentParser(usage=__doc__.split("usage: ")[1])
    parser.add_argument("driver")
    parser.add_argument("--data", default=None)
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=500)
    parser.add_argument("--decisions", type=int, default=100)
    parser.add_argument("--ml", action="store_true")
    parser.add_argument("--detail", action="append", default=[],
                        help="also break components under this path prefix down to leaves")
    parser.add_argument("--save", default=None, help="keep the cut trace in this file (JSON)")
    parser.add_argument("--load", default=None,
                        help="report from a file written by --save instead of tracing")
    parser.add_argument("--by-line", default=None,
                        help="also list, for components under this path prefix, each line's "
                             "members and how many decisions touched it")
    args = parser.parse_args()
    if not os.access(args.driver, os.X_OK):
        fail("no executable driver at %s" % args.driver)
    layout = read_layout(args.driver)
    if args.load is not None:
        with open(args.load) as saved:
            data = json.load(saved)
        decisions = [{(line, path): w for line, path, w in d} for d in data["decisions"]]
        heap = [tuple(h) for h in data["heap"]]
        args.warmup, args.ml = data["warmup"], data["ml"]
        print_report(args, layout, data["object_size"], heap, decisions)
        return
    if args.data is None or not os.path.exists(args.data):
        fail("no data file %s (--data FILE.csv is required unless --load)" % args.data)

    # The trace goes to a scratch file (~0.5 GB for the defaults, deleted after): the map the driver prints
    # after its warm-up is needed to cut and attribute it.
    trace_path = "/tmp/pipeline_lines.%d.trace" % os.getpid()
    command = ["valgrind", "--tool=lackey", "--trace-mem=yes", "--log-file=" + trace_path,
               args.driver, "--data", args.data, "--warmup", str(args.warmup),
               "--decisions", str(args.decisions)] + (["--ml"] if args.ml else [])
    try:
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            fail("the driver failed (exit %d): %s" % (result.returncode, result.stderr.strip()))
        object_start, object_size, heap, markers, stack = read_map(layout, result.stdout)
        decisions = cut_trace(trace_path, layout, object_start, object_size, heap, markers, stack)
    finally:
        if os.path.exists(trace_path):
            os.remove(trace_path)
    if len(decisions) != args.decisions:
        fail("found %d decisions between markers in the trace, expected %d"
             % (len(decisions), args.decisions))
    if args.save is not None:
        with open(args.save, "w") as saved:
            json.dump({"object_size": object_size, "heap": heap, "warmup": args.warmup,
                       "ml": args.ml,
                       "decisions": [[[line, path, w] for (line, path), w in d.items()]
                                     for d in decisions]}, saved)
    print_report(args, layout, object_size, heap, decisions)


def read_map(layout, text):
    object_start = object_size = markers = stack = None
    heap, owners = [], {}
    for row in text.splitlines():
        f = row.split()
        if not f:
            continue
        if f[0] == "object":
            object_start, object_size = int(f[1], 16), int(f[2])
        elif f[0] == "heap":
            start, size, parent, at = int(f[1], 16), int(f[2]), int(f[3], 16), int(f[4])
            owner = (member_at(layout, at) if parent == object_start
                     else owners.get(parent, "?") + "+%d" % at)
            owners[start] = owner + "->heap"
            heap.append((start, size, owner + "->heap"))
        elif f[0] == "markers":
            markers = (int(f[1], 16), int(f[2], 16))
        elif f[0] == "stack":
            stack = int(f[1], 16)
    if None in (object_start, markers, stack):
        fail("the driver printed no complete map:\n" + text)
    return object_start, object_size, heap, markers, stack


def cut_trace(trace_path, layout, object_start, object_size, heap, markers, stack):
    """Per decision between the markers: {(line, component): written}."""
    decisions, current = [], None
    cache = {}
    with open(trace_path) as trace:
        for row in trace:
            if len(row) < 4 or row[0] != " ":
                continue
            kind = row[1]
            address_text, _, size_text = row[3:].partition(",")
            try:
                address, size = int(address_text, 16), int(size_text)
            except ValueError:
                continue
            if address == markers[0] and kind == "L":
                current = {}
                continue
            if address == markers[1] and kind == "L":
                if current is not None:
                    decisions.append(current)
                current = None
                continue
            if current is None:
                continue
            written = kind in "SM"
            # An access straddling two lines touches both.
            for line in range(address // LINE, (address + max(size, 1) - 1) // LINE + 1):
                a = max(address, line * LINE)
                path = cache.get(a)
                if path is None:
                    path = where(a, layout, object_start, object_size, heap, stack)
                    cache[a] = path
                key = (line, path)
                current[key] = current.get(key, False) or written
    return decisions


def where(a, layout, object_start, object_size, heap, stack):
    if object_start <= a < object_start + object_size:
        return member_at(layout, a - object_start)
    for start, block_size, owner in heap:
        if start <= a < start + block_size:
            return owner
    if stack - (1 << 20) <= a <= stack + (1 << 16):
        return "(stack)"
    return "(static data)"


def is_state(path):
    return not path.startswith("(")


def print_report(args, layout, object_size, heap, decisions):
    n = len(decisions)
    depth = args.depth
    touched = collections.Counter()  # component -> lines summed over decisions
    written = collections.Counter()
    def component_of(path):
        if not is_state(path):
            return path
        for prefix in args.detail:
            if path.startswith(prefix):
                return path
        return component(path, depth)

    for d in decisions:
        per_component = collections.defaultdict(dict)
        for (line, path), w in d.items():
            c = component_of(path)
            per_component[c][line] = per_component[c].get(line, False) or w
        for c, lines in per_component.items():
            touched[c] += len(lines)
            written[c] += sum(1 for w in lines.values() if w)
    sizes = collections.Counter()
    for offset, size, path in layout:
        sizes[component_of(path)] += size
    for start, size, owner in heap:
        sizes[component_of(owner)] += size
    order = {}
    for offset, size, path in layout:
        order.setdefault(component_of(path), offset)
    print("lines touched per decision, mean over %d decisions (warm-up %d candles%s); %d-byte "
          "lines; the object is %d bytes (%d lines), its heap blocks %d bytes in %d blocks"
          % (n, args.warmup, ", ml" if args.ml else "", LINE, object_size,
             (object_size + LINE - 1) // LINE, sum(s for _, s, _ in heap), len(heap)))
    print("%-70s %9s %9s %9s" % ("component", "touched", "written", "bytes"))
    components = sorted((c for c in set(touched) | set(sizes) if is_state(c)),
                        key=lambda c: (order.get(c.split("->")[0], 1 << 30), c))
    for c in components:
        print("%-70s %9.2f %9.2f %9d" % (c, touched[c] / n, written[c] / n, sizes[c]))

    def union(select):
        total = wtotal = 0
        for d in decisions:
            lines = {}
            for (line, path), w in d.items():
                if select(path):
                    lines[line] = lines.get(line, False) or w
            total += len(lines)
            wtotal += sum(1 for w in lines.values() if w)
        return total / n, wtotal / n

    print("%-70s %9s %9s" % ("totals (distinct lines)", "touched", "written"))
    for name, select in (
            ("state: object + heap blocks", is_state),
            ("  object", lambda p: is_state(p) and "->heap" not in p),
            ("  heap blocks", lambda p: "->heap" in p),
            ("stack", lambda p: p == "(stack)"),
            ("static data (shared by all streams)", lambda p: p == "(static data)")):
        t, w = union(select)
        print("%-70s %9.2f %9.2f" % (name, t, w))
    if args.by_line is not None:
        print("\nlines under %s: members in the line, decisions that touched it" % args.by_line)
        counts = collections.Counter()
        members = collections.defaultdict(set)
        for d in decisions:
            seen = set()
            for (line, path), w in d.items():
                if path.startswith(args.by_line):
                    members[line].add(path)
                    seen.add(line)
            for line in seen:
                counts[line] += 1
        for line in sorted(counts):
            print("  %#x %4d/%d  %s" % (line * LINE, counts[line], n, ", ".join(sorted(members[line]))))


if __name__ == "__main__":
    main()
