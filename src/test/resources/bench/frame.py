"""Bench data and the pandas reference: a 1,000,000 x 20 mixed-type DataFrame as .csv.gz (SDK style:
index written, gzip mtime 0). Usage: frame.py make OUT.csv.gz | frame.py time OUT.csv.gz SORT_COLUMN
`time` prints one JSON object: pandas' first-100-rows, full read and sort+page times in seconds."""
import gzip, json, sys, time
import numpy as np
import pandas as pd

def make(path, rows=1_000_000):
    rng = np.random.default_rng(42)
    cols = {}
    for i in range(6):
        cols[f"f{i}"] = rng.normal(size=rows)
    for i in range(5):
        cols[f"i{i}"] = rng.integers(-10**6, 10**6, size=rows)
    cats = np.array(["alpha", "beta", "gamma", "delta", "epsilon"])
    for i in range(4):
        cols[f"s{i}"] = cats[rng.integers(0, 5, size=rows)]
    cols["b0"] = rng.integers(0, 2, size=rows).astype(bool)
    cols["b1"] = rng.integers(0, 2, size=rows).astype(bool)
    cols["t0"] = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 10**8, size=rows), unit="s")
    f = rng.normal(size=rows)
    f[rng.integers(0, rows, size=rows // 20)] = np.nan
    cols["n0"] = f
    df = pd.DataFrame(cols)
    with gzip.GzipFile(path, "wb", mtime=0) as g:
        df.to_csv(g)

def timing(path, sort_col):
    t0 = time.perf_counter(); pd.read_csv(path, index_col=[0], nrows=100); first = time.perf_counter() - t0
    t0 = time.perf_counter(); df = pd.read_csv(path, index_col=[0]); full = time.perf_counter() - t0
    t0 = time.perf_counter(); df.sort_values(sort_col).head(100); sort = time.perf_counter() - t0
    print(json.dumps({"first_rows_s": first, "full_read_s": full, "sort_page_s": sort, "rows": len(df)}))

if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        timing(sys.argv[2], sys.argv[3])
