"""The report of s3bench.sh: one table per dataset, latency and setting, the ratios of issue 4,
RESULTS.md and a chart (gnuplot). Reads its inputs from R_* environment variables."""
import os
import shutil
import statistics
import subprocess
from collections import OrderedDict

from report import markdown_table, text_table

E = os.environ
OUT = E["R_DIR"]
TOOLS = E["R_TOOLS"].split()
SETTINGS = E["R_SETTINGS"].split()
LATENCIES = E["R_LATENCIES"].split()
JOBS = int(E["R_JOBS"])
REF = TOOLS[0]

datasets = OrderedDict()
with open(E["R_DATASETS"]) as fh:
    for line in fh:
        name, n, size, folders, fp = line.split()
        datasets[name] = dict(n=int(n), bytes=int(size), folders=int(folders), fp=fp)

runs = {}
with open(E["R_RESULTS"]) as fh:
    for line in fh:
        (d, lat, tool, setting, _run, wall, usr, sys_, rss, ngx, prx, machine, conns, calls,
         rig) = line.rstrip("\n").split("\t")
        cpu = float(usr) + float(sys_)
        other = max(0.0, float(machine) - cpu - float(ngx) - float(prx))
        runs.setdefault((d, lat, tool, setting), []).append(
            dict(wall=float(wall), cpu=cpu, rss=float(rss) / 1024, ngx=float(ngx), prx=float(prx), other=other,
                 conns=int(conns) if conns.isdigit() else None,
                 # bytes of the dataset per receive call of the tool
                 bpr=datasets[d]["bytes"] / int(calls) if calls.isdigit() and int(calls) else None,
                 rig=[] if rig == "-" else rig.split("+")))


def median_of(rs, field):
    """The median of a field over the runs that have it, or None."""
    vals = [r[field] for r in rs if r[field] is not None]
    return statistics.median(vals) if vals else None


def rig_bound(rs):
    """Which of nginx and the proxy saturated a core (CPU >= 90% of the wall time) in how many
    runs: "-" when neither did."""
    parts = [f"{who} {n}/{len(rs)}" for who in ("nginx", "proxy")
             for n in [sum(who in r["rig"] for r in rs)] if n]
    return ", ".join(parts) or "-"


def stats(key):
    """Medians (and min, max of the wall time) of one tool, setting, dataset and latency."""
    rs = runs.get(key)
    if not rs:
        return None
    d = datasets[key[0]]
    walls = [r["wall"] for r in rs]
    m = statistics.median(walls)
    return dict(wall=m, lo=min(walls), hi=max(walls), ops=d["n"] / m, mbs=d["bytes"] / 1e6 / m,
                cpu=statistics.median(r["cpu"] for r in rs), rss=max(r["rss"] for r in rs),
                ngx=statistics.median(r["ngx"] for r in rs), prx=statistics.median(r["prx"] for r in rs),
                other=max(r["other"] for r in rs), conns=median_of(rs, "conns"), bpr=median_of(rs, "bpr"),
                rig=rig_bound(rs))


def rate(x):
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}"


def setting_flags(tool, setting):
    if tool == "s3clone-raw":  # s3clone with its integrity checks off
        return "--ignore-checksum" + (f" -j {JOBS}" if setting == "best" else "")
    if setting == "default":
        return "defaults"
    return {"s3clone": f"-j {JOBS}", "s5cmd": f"--numworkers {JOBS}",
            "rclone": f"--transfers {JOBS} --checkers {JOBS} --fast-list",
            "aws": f"max_concurrent_requests = {JOBS}"}.get(tool, "best")


HEAD = ["tool", "settings", "median wall s (min-max)", "objects/s", "MB/s", "CPU s", "peak RSS MiB",
        "nginx CPU s", "proxy CPU s", "other CPU s", "connections", "KiB/recv", "rig-bound", f"{REF} speedup"]
sections = []
for d in datasets:
    for lat in LATENCIES:
        for setting in SETTINGS:
            ref = stats((d, lat, REF, setting))
            table = []
            for tool in TOOLS:
                s = stats((d, lat, tool, setting))
                if not s:
                    continue
                table.append([tool, setting_flags(tool, setting),
                              f"{s['wall']:.3f} ({s['lo']:.3f}-{s['hi']:.3f})", rate(s["ops"]),
                              f"{s['mbs']:.1f}", f"{s['cpu']:.2f}", f"{s['rss']:.1f}", f"{s['ngx']:.2f}",
                              f"{s['prx']:.2f}" if float(lat) > 0 else "-", f"{s['other']:.2f}",
                              "-" if s["conns"] is None else f"{s['conns']:,.0f}",
                              "-" if s["bpr"] is None else f"{s['bpr'] / 1024:.1f}", s["rig"],
                              "-" if tool == REF or not ref else f"{s['wall'] / ref['wall']:.2f}x"])
            if table:
                sections.append((f"{d} @ {lat} ms RTT, {setting} settings", table))


def ratio(a, b):
    return a / b if b else float("nan")


def lat_ms(lat):
    return float(lat) / 1000


targets = []
for lat in LATENCIES:
    for setting in SETTINGS:
        s3, s5 = stats(("small", lat, "s3clone", setting)), stats(("small", lat, "s5cmd", setting))
        if not (s3 and s5):
            continue
        line = (f"small @ {lat} ms, {setting} settings: s3clone {s3['ops']:,.0f} objects/s, s5cmd "
                f"{s5['ops']:,.0f}: **{ratio(s3['ops'], s5['ops']):.2f}x**")
        if float(lat) > 0 and setting == "best":
            ceiling = JOBS / lat_ms(lat)
            line += (f"; s3clone is at **{100 * s3['ops'] / ceiling:.0f}%** of workers/RTT "
                     f"({JOBS} / {lat_ms(lat)} s = {ceiling:,.0f} objects/s)")
        if float(lat) == 0:
            line += f"; CPU s3clone {s3['cpu']:.2f} s, s5cmd {s5['cpu']:.2f} s: **{ratio(s3['cpu'], s5['cpu']):.2f}x**"
        targets.append(line)
for d in ("large", "huge"):
    for lat in LATENCIES:
        for setting in ("best", "default") if d == "huge" else ("best",):
            s3 = stats((d, lat, "s3clone", setting))
            if not s3:
                continue
            parts = [f"{peer} {p['mbs']:.0f} MB/s (**{ratio(s3['mbs'], p['mbs']):.2f}x**)"
                     for peer in ("s5cmd", "aws") for p in [stats((d, lat, peer, setting))] if p]
            if parts:
                targets.append(f"{d} @ {lat} ms, {setting} settings: s3clone {s3['mbs']:.0f} MB/s; " + ", ".join(parts))
for lat in LATENCIES:
    s3 = stats(("mixed", lat, "s3clone", "best"))
    peers = [(stats(("mixed", lat, t, s))["wall"], t, s) for t in TOOLS if not t.startswith("s3clone")
             for s in SETTINGS if stats(("mixed", lat, t, s))]
    if s3 and peers:
        w, t, s = min(peers)
        targets.append(f"mixed @ {lat} ms: s3clone (best) {s3['wall']:.2f} s, the fastest peer {t} ({s}) "
                       f"{w:.2f} s: s3clone is **{ratio(w, s3['wall']):.2f}x** as fast")
for d in datasets:
    pairs = [(stats((d, lat, "s3clone", "best")), stats((d, lat, "s5cmd", "best"))) for lat in LATENCIES]
    pairs = [(a, b) for a, b in pairs if a and b]
    if pairs:
        a, b = max(p[0]["rss"] for p in pairs), max(p[1]["rss"] for p in pairs)
        targets.append(f"peak RSS, {d}, best settings: s3clone {a:.0f} MiB, s5cmd {b:.0f} MiB: **{ratio(a, b):.2f}x**")

# What s3clone's integrity checks (CRC64NVME of every body, a HEAD per ranged object) cost: s3clone
# against s3clone-raw (--ignore-checksum) in the same interleaved runs.
integrity = []
for d in datasets:
    for lat in LATENCIES:
        for setting in SETTINGS:
            on, off = stats((d, lat, "s3clone", setting)), stats((d, lat, "s3clone-raw", setting))
            if on and off:
                integrity.append(
                    f"{d} @ {lat} ms, {setting} settings: wall {on['wall']:.3f} s checked, {off['wall']:.3f} s "
                    f"unchecked: **{ratio(on['wall'], off['wall']):.3f}x**; CPU {on['cpu']:.2f} s, {off['cpu']:.2f} s: "
                    f"**{ratio(on['cpu'], off['cpu']):.3f}x**")

info = [
    ("date", E["R_DATE"]),
    ("machine", f"{E['R_CPU'] or 'unknown CPU'}, {E['R_NPROC']} cores, {E['R_MEM']} RAM, {E['R_KERNEL']}"),
    ("busy", f"CPUs {E['R_BUSY']}% busy with other work in the second before the runs, "
             f"{E['R_BUSY_AFTER']}% in the second after"),
    ("repository", E["R_REV"]),
    ("server", f"{E['R_NGINX']}, {E['R_NGINX_WORKERS']} worker(s), static files, pre-built listing pages, "
               "HTTP on 127.0.0.1, on the same machine"),
    ("latency", "0 ms: straight to nginx; otherwise through bench/delayproxy.c (RTT/2 each way, a new "
                f"connection waits one RTT, {int(E['R_WINDOW']) // 1024} KiB window per direction)"),
    ("bandwidth", f"each proxied connection capped at {int(E['R_RATE']):,} bytes/s ({int(E['R_RATE']) / 1e6:.1f} MB/s) "
                  "per direction (PROXY_RATE, delayproxy -b, token bucket), at the non-zero latencies only"
                  if int(E["R_RATE"]) else "no cap (PROXY_RATE unset): only the proxy's window limits a connection"),
    ("counters", ("connections: nginx's stub_status accepts, read before and after each run"
                  if E["R_CONNS"] else "connections: n/a (nginx without stub_status)") + "; " +
                 ("KiB/recv: the dataset's bytes over the tool's read/readv/recvfrom/recvmsg calls (perf stat)"
                  if E["R_RECV_STATS"] == "1" else "KiB/recv: not measured (RECV_STATS=0)") +
                 "; rig-bound: runs in which nginx's or the proxy's CPU time was at least 90% of the wall time"),
    ("storage", f"datasets and destination on {E['R_FS']}; destination removed and recreated before every run"),
    ("memory", E.get("R_MEMORY", "-")),
    ("runs", f"{E['R_WARMUP']} untimed warm-up round(s), then {E['R_RUNS']} timed runs of each tool and "
             "setting, interleaved; every run verified with diff -r (not timed)"),
    ("command", E["R_COMMAND"]),
]
ds_lines = [f"{d}: {v['n']:,} objects, {v['bytes']:,} bytes ({v['bytes'] / 1e6:.1f} MB), "
            f"{v['folders']} prefixes, seed {E['R_SEED']}, fingerprint {v['fp']}" for d, v in datasets.items()]
versions = E["R_VERSIONS"].strip("\n").split("\n")
cmdlines = E["R_CMDLINES"].strip("\n").split("\n")
proxy = [x for x in E["R_PROXY_CHECK"].split("\n") + E["R_PROXY_SUMMARY"].split("\n") if x]

# ---- terminal
out = ["", "s3clone S3 download benchmark (nginx on loopback)"]
out += [f"  {k + ':':11}{v}" for k, v in info]
out += ["", "datasets:"] + [f"  {x}" for x in ds_lines]
out += ["tools:"] + [f"  {x}" for x in versions]
out += ["commands (BUCKET, ENDPOINT, DEST filled in per run):"] + [f"  {x}" for x in cmdlines]
if proxy:
    out += ["delay proxy:"] + [f"  {x}" for x in proxy]
for title, table in sections:
    out += ["", title] + text_table(HEAD, table)
if targets:
    out += ["", "issue 4 ratios (s3clone to its peers):"] + [f"  {t.replace('**', '')}" for t in targets]
if integrity:
    out += ["", "integrity checks on (s3clone) against off (s3clone-raw, --ignore-checksum), median over median:"]
    out += [f"  {t.replace('**', '')}" for t in integrity]
print("\n".join(out))

# ---- chart: one panel per dataset, clusters latency x setting, one bar per tool
chart = None
if shutil.which("gnuplot") and sections:
    panels = []
    for d in datasets:
        unit, field = ("objects/s", "ops") if d == "small" else ("MB/s", "mbs")
        rows = []
        for lat in LATENCIES:
            for setting in SETTINGS:
                vals = [stats((d, lat, t, setting)) for t in TOOLS]
                rows.append(f'"{lat} ms {setting}" ' + " ".join(f"{v[field]:.1f}" if v else "0" for v in vals))
        path = os.path.join(OUT, f".chart-{d}.dat")
        with open(path, "w") as fh:
            fh.write("\n".join(rows) + "\n")
        panels.append((d, unit, path))
    chart = os.path.join(OUT, "results.png")
    plots = []
    for d, unit, path in panels:
        cols = ", ".join(f"'{path}' using {i + 2}:xtic(1) title '{t}'" for i, t in enumerate(TOOLS))
        plots.append(f"set title '{d}'; set ylabel '{unit}'; plot {cols}")
    script = "\n".join([
        f"set terminal png size {420 * len(panels) + 80},460 font ',10'",
        f"set output '{chart}'",
        "set style data histograms", "set style histogram clustered gap 1",
        "set style fill solid 0.85 border -1", "set boxwidth 0.9", "set grid ytics",
        "set key below horizontal", "set yrange [0:*]", "set xtics rotate by -25 offset -1,0",
        f"set multiplot layout 1,{len(panels)} title 's3clone and its peers (higher is better)'",
        *plots, "unset multiplot"])
    r = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    for _, _, path in panels:
        os.remove(path)
    if r.returncode != 0:
        print("gnuplot failed:", r.stderr.strip())
        chart = None

# ---- RESULTS.md
md = ["# s3clone S3 download benchmark", "",
      "Written by `bench/s3bench.sh` (see bench/README.md); figures from one machine, at one time.", ""]
md += [f"- {k}: {v}" for k, v in info]
md += ["", "## Datasets", ""] + [f"- {x}" for x in ds_lines]
md += ["", "## Tools", ""] + [f"- {x}" for x in versions]
md += ["", "## Command lines", "", "BUCKET, ENDPOINT and DEST are filled in per run; the AWS CLI's "
       "config file holds `region = us-east-1`, and for `best` an `s3` section with "
       f"`max_concurrent_requests = {JOBS}`.", "", "```"] + cmdlines + ["```"]
if proxy:
    md += ["", "## Delay proxy", ""] + [f"- {x}" for x in proxy]
if targets:
    md += ["", "## Issue 4 ratios", ""] + [f"- {t}" for t in targets]
if integrity:
    md += ["", "## Integrity checks on against off", "",
           "s3clone (every body checked against its CRC64NVME) over s3clone-raw (`--ignore-checksum`), "
           "median over median:", ""] + [f"- {t}" for t in integrity]
if chart:
    md += ["", "## Chart", "", f"![objects/s and MB/s per tool]({os.path.basename(chart)})"]
md += ["", "## Tables"]
for title, table in sections:
    md += ["", f"### {title}", ""] + markdown_table(HEAD, table)
md_path = os.path.join(OUT, "RESULTS.md")
with open(md_path, "w") as fh:
    fh.write("\n".join(md) + "\n")
print(f"\nmarkdown: {md_path}" + (f"\nchart: {chart}" if chart else ""))
