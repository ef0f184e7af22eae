#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench/report.py VM_LOG HOST_CSV ENV_TXT OUTDIR

Turn the "# BENCH PART k=v ..." lines of bench/guest.sh (in the VM log) and
the host CSV of bench/iiofwd-bench.sh into a Markdown table and a CSV per
part, and PNG plots (gnuplot), in OUTDIR. Figures only: nothing is judged.
"""
import csv
import os
import subprocess
import sys

# payload bits of one sample on the wire: 6 data bytes, each with its ACK
PAYLOAD_BITS = 6 * 9


def bound(khz):
    """samples/s the bus could carry if it carried only sample payload"""
    return khz * 1000.0 / PAYLOAD_BITS


def parse(path):
    recs = []
    with open(path, errors="replace") as f:
        for line in f:
            if not line.startswith("# BENCH "):
                continue
            w = line.split()
            r = {"part": w[2]}
            for kv in w[3:]:
                if "=" in kv:
                    k, v = kv.split("=", 1)
                    r[k] = v
            recs.append(r)
    return recs


def num(r, k, default=0.0):
    try:
        return float(r.get(k, ""))
    except ValueError:
        return default


def fmt(v, nd=3):
    if isinstance(v, str):
        return v
    if v is None:
        return "-"
    if isinstance(v, int):
        return str(v)
    if abs(v) >= 1000:
        return "%.0f" % v
    return ("%." + str(nd) + "f") % v


def write(outdir, name, title, env, cols, rows, notes=""):
    with open(os.path.join(outdir, name + ".csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([c[0] for c in cols])
        for r in rows:
            w.writerow([r.get(c[0], "") for c in cols])
    with open(os.path.join(outdir, name + ".md"), "w") as f:
        f.write("# %s\n\n" % title)
        f.write(env + "\n\n")
        if notes:
            f.write(notes.strip() + "\n\n")
        f.write("| " + " | ".join(c[1] for c in cols) + " |\n")
        f.write("|" + "---|" * len(cols) + "\n")
        for r in rows:
            f.write("| " + " | ".join(fmt(r.get(c[0], "")) for c in cols) + " |\n")


def cpu_ms(r):
    """ms of task time (all but the idle task) per s of capture"""
    el = num(r, "elapsed_ns")
    return 1000.0 * num(r, "task_ns") / el if el and "task_ns" in r else None


def tick_ms(r):
    """tick-sampled busy time (/proc/stat) per s of capture"""
    t = num(r, "cpu_total")
    return 1000.0 * num(r, "cpu_busy") / t if t else None


def irq_ms(r):
    t = num(r, "cpu_total")
    return 1000.0 * num(r, "cpu_irq") / t if t else None


def capture_rows(recs):
    rows = []
    for r in recs:
        if r["part"] != "capture":
            continue
        s = num(r, "samples")
        el = num(r, "elapsed_ns") / 1e9
        if s <= 0 or el <= 0:
            continue
        bus = int(num(r, "bus"))
        rows.append({
            "bus_khz": bus,
            "path": r.get("path"),
            "mode": r.get("mode"),
            "odr": int(num(r, "rate")),
            "hw_wm": int(num(r, "wm")),
            "odr_meas": s / el,
            "samples": int(s),
            "scans": int(num(r, "scans")),
            "lost": int(num(r, "lost")),
            "chip_overruns": int(num(r, "overruns")),
            "xfers_per_sample": num(r, "xfers") / s,
            "bytes_per_sample": num(r, "bytes") / s,
            "bus_us_per_sample": num(r, "bus_ns") / s / 1000,
            "bus_busy_pct": 100.0 * num(r, "bus_ns") / 1e9 / el,
            "irqs_per_sample": num(r, "irqs") / s,
            "cpu_ms_per_s": cpu_ms(r),
            "cpu_us_per_sample": (num(r, "task_ns") / 1000 / s) if "task_ns" in r else None,
            "tick_ms_per_s": tick_ms(r),
            "irq_ms_per_s": irq_ms(r),
            "bus_bound": bound(bus),
        })
    return rows


PATH_ORDER = ["fifo-wm1", "fifo-wm8", "fifo-wm16", "fifo-wm24", "fifo-wm24-max32", "triggered",
              "noirq-wm16", "st_accel", "sysfs-poll"]


def path_key(p):
    return PATH_ORDER.index(p) if p in PATH_ORDER else 99


def gnuplot(script):
    # names hold underscores: no enhanced-text subscripts
    first, rest = script.split("\n", 1)
    script = first + "\nset termoption noenhanced\n" + rest
    try:
        subprocess.run(["gnuplot"], input=script, text=True, check=True,
                       capture_output=True)
    except (OSError, subprocess.CalledProcessError) as e:
        err = getattr(e, "stderr", "") or str(e)
        sys.stderr.write("report: gnuplot failed: %s\n" % err)


def plot_capture(outdir, rows):
    buses = sorted({r["bus_khz"] for r in rows})
    paths = sorted({r["path"] for r in rows}, key=path_key)
    if not buses:
        return
    dat = os.path.join(outdir, "capture-plot.dat")
    # one gnuplot index per (bus, path)
    idx = []
    with open(dat, "w") as f:
        for b in buses:
            for p in paths:
                pts = sorted((r for r in rows if r["bus_khz"] == b and r["path"] == p),
                             key=lambda r: r["odr"])
                if not pts:
                    continue
                f.write("# bus %d path %s\n" % (b, p))
                for r in pts:
                    f.write("%d %.4f %.2f %.4f\n" % (r["odr"], r["xfers_per_sample"],
                                                    r.get("net_ms_per_s") or 0,
                                                    r["bus_us_per_sample"]))
                f.write("\n\n")
                idx.append((b, p))
    for col, name, ylabel, logy in ((2, "xfers", "I2C transfers per sample", True),
                                    (3, "cpu", "guest CPU net of idle, ms per s of capture", False)):
        s = ["set terminal pngcairo size 1200,500 font ',10'",
             "set output '%s'" % os.path.join(outdir, "capture-%s.png" % name),
             "set multiplot layout 1,%d" % len(buses),
             "set logscale x", "set xrange [70:8000]", "set grid",
             "set xlabel 'ODR (Hz)'", "set ylabel '%s'" % ylabel,
             "set key top left font ',8'"]
        if logy:
            s.append("set logscale y")
        for b in buses:
            s.append("set title 'I2C bus %d kHz (dashed: bus bound, %d samples/s of payload)'"
                     % (b, bound(b)))
            s.append("set arrow 1 from %f, graph 0 to %f, graph 1 nohead dt 2 lw 2 lc rgb 'red'"
                     % (bound(b), bound(b)))
            plots = ["'%s' index %d using 1:%d with linespoints title '%s'" % (dat, i, col, p)
                     for i, (bb, p) in enumerate(idx) if bb == b]
            s.append("plot " + ", ".join(plots))
        s.append("unset multiplot")
        gnuplot("\n".join(s) + "\n")


def maxodr_rows(rows):
    out = []
    for b in sorted({r["bus_khz"] for r in rows}):
        for p in sorted({r["path"] for r in rows if r["bus_khz"] == b}, key=path_key):
            pts = [r for r in rows if r["bus_khz"] == b and r["path"] == p]
            ok = [r["odr"] for r in pts if r["lost"] == 0 and r["chip_overruns"] == 0
                  and r["scans"] > 0]
            bad = sorted(r["odr"] for r in pts if r["odr"] not in ok)
            out.append({"bus_khz": b, "path": p,
                        "max_odr": max(ok) if ok else "none",
                        "first_lossy": bad[0] if bad else "-",
                        "tried": " ".join(str(r["odr"]) for r in sorted(pts, key=lambda r: r["odr"])),
                        "bus_bound": bound(b)})
    return out


def main():
    vmlog, hostcsv, envtxt, outdir = sys.argv[1:5]
    os.makedirs(outdir, exist_ok=True)
    env_lines = open(envtxt).read().strip().splitlines() if os.path.exists(envtxt) else []
    env = "Run: " + "; ".join(env_lines)
    recs = parse(vmlog)

    idle = [r for r in recs if r["part"] == "idle"]
    idle_ms = cpu_ms(idle[0]) if idle else None

    rows = capture_rows(recs)
    for r in rows:
        if r["cpu_ms_per_s"] is not None and idle_ms is not None:
            r["net_ms_per_s"] = r["cpu_ms_per_s"] - idle_ms
            r["net_us_per_sample"] = r["net_ms_per_s"] * 1000 / r["odr_meas"]
    rows.sort(key=lambda r: (r["bus_khz"], path_key(r["path"]), r["odr"]))
    write(outdir, "capture", "Capture cost per sample", env, [
        ("bus_khz", "bus kHz"), ("path", "path"), ("mode", "mode"), ("odr", "ODR Hz"),
        ("hw_wm", "FIFO wm"), ("odr_meas", "chip samples/s"),
        ("xfers_per_sample", "I2C xfers/sample"), ("bytes_per_sample", "bytes/sample"),
        ("bus_us_per_sample", "bus µs/sample"), ("bus_busy_pct", "bus busy %"),
        ("irqs_per_sample", "IRQs/sample"), ("cpu_ms_per_s", "guest CPU ms/s"),
        ("cpu_us_per_sample", "guest CPU µs/sample"),
        ("net_ms_per_s", "net of idle ms/s"), ("net_us_per_sample", "net of idle µs/sample"),
        ("tick_ms_per_s", "ticks: busy ms/s"), ("irq_ms_per_s", "ticks: irq+softirq ms/s"),
        ("samples", "chip samples"), ("scans", "samples read"), ("lost", "lost"),
        ("chip_overruns", "chip FIFO overruns"), ("bus_bound", "bus bound samples/s"),
    ], rows, notes="""
Each row: about 2 s of guest time (`bench/guest.sh`), the simulator's
counters over it, divided by the samples the chip made meanwhile. Paths:
`fifo-wmN` our driver, FIFO mode, buffer watermark N (FIFO wm: the hardware
watermark it used); `fifo-wm24-max32` the same at watermark 24 behind an
adapter that limits a message to 32 bytes (the simulator's `max_xfer=32`,
as SMBus-block and small-FIFO controllers: the driver reads at most 5 whole
samples a message); `triggered` our driver with its data-ready trigger (one
sample an interrupt); `noirq-wm16` our driver without an interrupt line
(`irq=0`: a work item drains the FIFO at the watermark period); `st_accel`
mainline `st_accel_i2c` with its data-ready trigger (its 1600 and 5000 Hz
settings run the chip at 1620 and 1344 Hz); `sysfs-poll` a C loop reading
`in_accel_{x,y,z}_raw` (pread, files kept open) once per period.
Lost: holes in the counter pattern among the samples read (scancheck), not
counting samples still queued when the capture stopped. Guest CPU: the time
the guest's one vCPU ran any task but the idle task during the capture
(`rq_cpu_time` of `/proc/schedstat`, ns from the scheduler clock: the reader,
the driver's interrupt thread, kworkers, ksoftirqd), in ms per second of
capture and in µs per sample; hard-interrupt and softirq work done on top of
the idle task is not in it (the kernel has no IRQ time accounting), so the
tick-sampled `/proc/stat` busy and irq+softirq figures (4 ms ticks: coarse)
are beside it. The idle guest, with the snapshots' own work, measures %s
ms/s; "net of idle" subtracts it. The simulator's wire-time wait is a sleep (idle), as behind an
interrupt-driven controller. Bus bound: the
bus clock over %d payload bits per sample (6 bytes, each with its ACK), the
rate no path can exceed on that bus.
""" % (fmt(idle_ms, 1), PAYLOAD_BITS))
    plot_capture(outdir, rows)

    mx = maxodr_rows(rows)
    write(outdir, "max-odr", "Highest ODR sustained with no loss", env, [
        ("bus_khz", "bus kHz"), ("path", "path"), ("max_odr", "highest loss-free ODR (Hz)"),
        ("first_lossy", "lossy from (Hz)"), ("tried", "ODRs tried"),
        ("bus_bound", "bus bound samples/s")], mx, notes="""
Among the ODRs measured (100, 400, 1344 normal mode, 5376 low power; st_accel
the rates it accepted of 100, 400, 1600 (1620 Hz on the chip), 5000), the highest whose capture lost nothing (no hole in the
counter, no chip FIFO overrun).
""")

    # the old way against iiofwd
    ow = []
    for r in recs:
        if r["part"] != "oldway":
            continue
        s = num(r, "samples")
        seen = num(r, "seen")
        fds = [num(x, "fds") for x in recs if x["part"] == "fds" and x.get("path") == r["path"]]
        io = [x for x in recs if x["part"] == "fds" and x.get("path") == r["path"]]
        rw = (num(io[-1], "syscr") + num(io[-1], "syscw")) if io else None
        run = num(io[-1], "run_ns") if io else None
        ow.append({
            "path": r["path"], "rate": int(num(r, "rate")), "chip_samples": int(s),
            "seen": int(seen), "lost": int(num(r, "lost")),
            "errors": r.get("errors", "-"), "timeouts": r.get("timeouts", "-"),
            "fds_first": int(fds[0]) if fds else "-", "fds_last": int(fds[-1]) if fds else "-",
            "fds_max": int(max(fds)) if fds else "-",
            "syscalls_per_sample": (num(r, "syscalls") / seen) if "syscalls" in r and seen else "-",
            "rw_syscalls_per_sample": (rw / seen) if rw is not None and seen else "-",
            "xfers_per_sample": num(r, "xfers") / seen if seen else "-",
            "bus_us_per_sample": num(r, "bus_ns") / 1000 / seen if seen else "-",
            "cpu_ms_per_s": cpu_ms(r),
            "reader_us_per_sample": (run / 1000 / seen) if run and seen else "-",
        })
    write(outdir, "oldway", "The old collector against iiofwd", env, [
        ("path", "reader"), ("rate", "Hz"), ("chip_samples", "chip samples"),
        ("seen", "samples read"), ("lost", "lost"), ("errors", "errors"),
        ("timeouts", "timeouts"), ("fds_first", "fds at 1 s"), ("fds_last", "fds at end"),
        ("fds_max", "fds max"), ("syscalls_per_sample", "syscalls/sample (counted)"),
        ("rw_syscalls_per_sample", "read+write syscalls/sample (/proc/PID/io)"),
        ("xfers_per_sample", "I2C xfers/sample read"), ("bus_us_per_sample", "bus µs/sample read"),
        ("reader_us_per_sample", "reader CPU µs/sample"),
        ("cpu_ms_per_s", "guest CPU ms/s")], ow, notes="""
`oldway-close`: `bench/oldway.c`, every period open `/dev/i2c-N`, `I2C_SLAVE`,
write 0xa8, read 6 bytes, close. `oldway-leak`: the same, but a transfer
that times out leaves its descriptor open (the old collector's bug).
`iiofwd`: our driver (FIFO, default watermark) and iiofwd to a jsonl file.
All at the same rate on a 400 kHz bus; every 2 s the simulator's `stall`
fault makes the next transfer fail after the adapter's 1 s timeout (the
fault is set until one stalled transfer was served). A reader that makes
fewer transfers meets the same number of stalls, each costing it 1 s of bus. Descriptors: entries of `/proc/PID/fd`, sampled each second
(`oldway-fds.csv`). Counted syscalls: the program's own count (clock_nanosleep,
open, ioctl, write, read, close); `/proc/PID/io` syscr+syscw counts the
read- and write-like calls of both.
""")
    fdrows = [{"path": x["path"], "t": int(num(x, "t")), "fds": int(num(x, "fds")),
               "syscr": int(num(x, "syscr")), "syscw": int(num(x, "syscw"))}
              for x in recs if x["part"] == "fds"]
    with open(os.path.join(outdir, "oldway-fds.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["path", "t_s", "fds", "syscr", "syscw"])
        for x in fdrows:
            w.writerow([x["path"], x["t"], x["fds"], x["syscr"], x["syscw"]])
    lossrows = [{"path": x["path"], "t": int(num(x, "t")), "seen": int(num(x, "seen")),
                 "lost": int(num(x, "lost")), "errors": int(num(x, "errors"))}
                for x in recs if x["part"] == "oldway-s"]
    with open(os.path.join(outdir, "oldway-lost.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["path", "t_s", "seen", "lost", "errors"])
        for x in lossrows:
            w.writerow([x["path"], x["t"], x["seen"], x["lost"], x["errors"]])
    paths = sorted({x["path"] for x in fdrows})
    if paths:
        dat = os.path.join(outdir, "oldway-plot.dat")
        with open(dat, "w") as f:
            for p in paths:
                f.write("# %s\n" % p)
                for x in fdrows:
                    if x["path"] == p:
                        f.write("%d %d\n" % (x["t"], x["fds"]))
                f.write("\n\n")
        lp = sorted({x["path"] for x in lossrows})
        with open(dat + ".lost", "w") as f:
            for p in lp:
                f.write("# %s\n" % p)
                for x in lossrows:
                    if x["path"] == p:
                        f.write("%d %d\n" % (x["t"], x["lost"]))
                f.write("\n\n")
        s = ["set terminal pngcairo size 1200,450 font ',10'",
             "set output '%s'" % os.path.join(outdir, "oldway-fds.png"),
             "set multiplot layout 1,2", "set grid", "set key top left",
             "set xlabel 'time (s)'", "set ylabel 'open descriptors'",
             "set title 'descriptors held (stall injected every 2 s)'",
             "plot " + ", ".join("'%s' index %d using 1:2 with steps lw 2 title '%s'" % (dat, i, p)
                                 for i, p in enumerate(paths)),
             "set ylabel 'samples lost so far'", "set title 'old way: samples lost over time'",
             "plot " + ", ".join("'%s' index %d using 1:2 with steps lw 2 title '%s'" % (dat + ".lost", i, p)
                                 for i, p in enumerate(lp)),
             "unset multiplot"]
        gnuplot("\n".join(s) + "\n")

    lat = []
    for r in recs:
        if r["part"] != "latency":
            continue
        lat.append({"rate": int(num(r, "rate")), "mode": r.get("mode"), "n": int(num(r, "n")),
                    "p50_ms": num(r, "p50") / 1e6, "p99_ms": num(r, "p99") / 1e6,
                    "max_ms": num(r, "max") / 1e6,
                    "xfers_per_sample": num(r, "xfers") / num(r, "samples") if num(r, "samples") else "-",
                    "cpu_ms_per_s": cpu_ms(r)})
    write(outdir, "latency", "iiofwd in the guest: sample stamp to subscriber receipt", env, [
        ("rate", "ODR Hz"), ("mode", "mode"), ("n", "samples received"),
        ("p50_ms", "p50 ms"), ("p99_ms", "p99 ms"), ("max_ms", "max ms"),
        ("xfers_per_sample", "I2C xfers/sample"), ("cpu_ms_per_s", "guest CPU ms/s")], lat, notes="""
Our driver (400 kHz bus, FIFO, iiofwd's default watermark 32 and latency
budget 100 ms) and iiofwd publishing JSON to mosquitto on the guest's
loopback, QoS 1; `mosquitto_sub -F %U` stamps each message's receipt. Latency:
the driver's timestamp of each sample (CLOCK_REALTIME) to the receipt of its
message, as `demo/guest.sh` measures it. Guest CPU includes the broker and
the subscriber.
""")
    cdf = [r for r in recs if r["part"] == "latcdf"]
    rates = sorted({int(num(r, "rate")) for r in cdf})
    if rates:
        dat = os.path.join(outdir, "latency-plot.dat")
        with open(dat, "w") as f:
            for rt in rates:
                f.write("# %d Hz\n" % rt)
                for r in cdf:
                    if int(num(r, "rate")) == rt:
                        f.write("%.3f %d\n" % (num(r, "ns") / 1e6, int(num(r, "q"))))
                f.write("\n\n")
        s = ["set terminal pngcairo size 900,500 font ',10'",
             "set output '%s'" % os.path.join(outdir, "latency.png"),
             "set grid", "set key bottom right", "set xlabel 'latency (ms)'",
             "set ylabel 'percent of samples at or below'",
             "set title 'iiofwd -> mosquitto (QoS 1) -> subscriber, guest'",
             "plot " + ", ".join("'%s' index %d using 1:2 with lines lw 2 title '%d Hz'" % (dat, i, rt)
                                 for i, rt in enumerate(rates))]
        gnuplot("\n".join(s) + "\n")

    host = []
    if os.path.exists(hostcsv):
        with open(hostcsv) as f:
            host = list(csv.DictReader(f))
        for h in host:
            for k in ("cpu_ms_per_10k", "samples_per_cpu_s", "wall_s", "cpu_s", "start_cpu_s"):
                try:
                    h[k] = float(h[k])
                except (KeyError, ValueError):
                    pass
    write(outdir, "iiofwd-host", "iiofwd on the host (replay source)", env, [
        ("output", "output"), ("batch", "batch"), ("samples", "samples"),
        ("wall_s", "wall s"), ("start_cpu_s", "start+stop CPU s"),
        ("cpu_ms_per_10k", "CPU ms / 10k samples"), ("samples_per_cpu_s", "samples per CPU-s")],
        host, notes="""
`bench/iiofwd-bench.sh`: iiofwd replaying a capture as fast as the output
takes it, CPU (user + system) net of a one-sample run's (start-up, connect,
exit), per 10,000 samples. Batch 1 runs a tenth of the samples.
`mosquitto_pub-l-*`: the same samples as JSON lines fed to `mosquitto_pub -l`
(one message a line), the tail of an `iio_readdev | ... | mosquitto_pub -l`
pipeline (iio_readdev needs an IIO device: not on the host). Host figures
depend on the host and its load (shared machine).
""")

    with open(os.path.join(outdir, "README.md"), "w") as f:
        f.write("# bench results\n\n%s\n\n" % env)
        for n, t in (("capture", "capture cost per sample, per path, ODR and bus clock"),
                     ("max-odr", "highest loss-free ODR per path"),
                     ("oldway", "the old collector against iiofwd"),
                     ("latency", "iiofwd latency in the guest"),
                     ("iiofwd-host", "iiofwd CPU on the host")):
            f.write("- [%s.md](%s.md) (`%s.csv`): %s\n" % (n, n, n, t))
        f.write("- plots: `capture-xfers.png`, `capture-cpu.png`, `oldway-fds.png`, `latency.png`\n")
    print("report: %d capture rows, %d old-way rows, %d latency rows, %d host rows -> %s"
          % (len(rows), len(ow), len(lat), len(host), outdir))


if __name__ == "__main__":
    main()
