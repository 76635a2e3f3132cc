#!/usr/bin/env python3
"""Effective GFLOP/s per model from a perf-zoo run, next to the machine's peak.

    python3 benchmarks/zoo/gflops.py RESULTS.csv GENERATED_DIR PEAK_GFLOPS

RESULTS.csv: perf-zoo's --out csv; GENERATED_DIR: perf-zoo's generated sources (printed by run.sh:
"generated sources: ..."); PEAK_GFLOPS: `dotnet benchmarks/CnnGen.Benchmarks/bin/Release/net10.0/CnnGen.Benchmarks.dll
timing peak`. The work counted is the direct one, 2 FLOPs per multiply-add of every Conv1D/Conv2D, DepthwiseConv2D,
SeparableConv2D and Dense (output positions x weights, read from each model's generated Keras summary); skipped zero
inputs and Winograd do fewer, so the generated code's figure is "effective".
"""
import csv, glob, os, re, sys

COUNTED = ('Conv1D', 'Conv2D', 'Depthwis', 'Separabl', 'Dense')


def summary_rows(path):
    text = open(path, encoding='utf-8').read()
    m = re.search(r'public const string Summary =(.*?);\n', text, re.S)
    body = ''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))).replace('\\n', '\n').replace('\\"', '"')
    for line in body.split('\n'):
        row = re.match(r'^(\S+) \((\w+)\)?\s+\(None, ([0-9, ]+)\)\s+(\d+)', line)
        if row:
            yield row.group(2), [int(v) for v in row.group(3).split(',')], int(row.group(4))


def flops(path):
    total = 0
    for kind, shape, params in summary_rows(path):
        if kind.startswith(COUNTED) and params > 0:
            positions = 1
            for v in shape[:-1]:
                positions *= v
            total += 2 * positions * params  # weights x positions (the bias, 1 per fan-in, counted as one more input)
    return total


def main():
    results, generated, peak = sys.argv[1], sys.argv[2], float(sys.argv[3])
    files = {os.path.basename(f)[3:-5].lower(): f for f in glob.glob(os.path.join(generated, 'Zoo*.g.cs'))}
    print(f'| model | MFLOP | gen b1 GFLOP/s | gen b64 GFLOP/s | ORT b1 GFLOP/s | ORT b64 GFLOP/s | gen b64 % of peak ({peak:.0f}) |')
    print('|---|--:|--:|--:|--:|--:|--:|')
    for r in csv.DictReader(open(results)):
        if r['error']:
            continue
        f = files.get(r['model'].replace('_', ''))
        if f is None:
            continue
        work = flops(f)
        g = lambda us: work / float(us) / 1000
        print(f"| {r['model']} | {work / 1e6:.2f} | {g(r['gen_b1_us']):.1f} | {g(r['gen_b64_us_per_img']):.1f} | "
              f"{g(r['ort_b1_us']):.1f} | {g(r['ort_b64_us_per_img']):.1f} | {100 * g(r['gen_b64_us_per_img']) / peak:.0f} % |")


if __name__ == '__main__':
    main()
