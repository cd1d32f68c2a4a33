#!/usr/bin/python3
"""Regenerates Vitrine's bundled demo workspace: three ClearML offline sessions of one small project.

    /usr/bin/python3 assets/demo/generate/make_demo.py          (from the repository root, or anywhere)

Needs Debian 12's python3 with numpy, pandas, Pillow, matplotlib and torch, plus a JDK and the DuckDB JDBC
jar (~/.m2/repository/org/duckdb/duckdb_jdbc/2.0.0.1/, or $DUCKDB_JAR) to write the one parquet file,
because Debian has no pyarrow. The clearml package is NOT needed: `OfflineTask` below follows the code
paths of the ClearML SDK 2.1.7 in offline mode (Task.upload_artifact / register_artifact / connect /
Logger.report_scalar / OutputModel.update_weights / Task.close), field for field, as documented in
shared/clearml/OFFLINE.md and ARTIFACTS.md and checked against the reference corpus made by the real SDK.

Everything is seeded and the clock is fake (fixed task ids, timestamps and zip entry times), so two runs
on the same machine write byte-identical zips. The sessions go to assets/demo/<task id>.zip, as the SDK
names them, and assets/demo/index.txt lists them (DemoWorkspace reads it when running from the jar).
"""
import os
import sys
import time

# Deterministic environment, set before pandas/matplotlib/torch are imported: zip entry times are local
# time (so UTC), pandas fits DataFrame reprs to the terminal (so an 80x24 one), one torch thread.
os.environ["TZ"] = "UTC"
time.tzset()
os.environ["COLUMNS"] = "80"
os.environ["LINES"] = "24"
os.environ["MPLBACKEND"] = "Agg"
os.environ["OMP_NUM_THREADS"] = "1"

import atexit  # noqa: E402
import datetime  # noqa: E402
import gzip  # noqa: E402
import hashlib  # noqa: E402
import inspect  # noqa: E402
import json  # noqa: E402
import pickle  # noqa: E402
import shutil  # noqa: E402
import struct  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import textwrap  # noqa: E402
import zipfile  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import quote  # noqa: E402

HERE = Path(__file__).resolve().parent
DEMO_DIR = HERE.parent
if "MPLCONFIGDIR" not in os.environ:  # a throw-away font cache, removed on exit
    os.environ["MPLCONFIGDIR"] = tempfile.mkdtemp(prefix="vitrine-demo-mpl-")
    atexit.register(shutil.rmtree, os.environ["MPLCONFIGDIR"], True)

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import PIL  # noqa: E402
from PIL import Image  # noqa: E402
import matplotlib  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)
matplotlib.rcParams["svg.hashsalt"] = "vitrine-demo"

PROJECT = "Demo/Customer churn"
DATA_PROJECT = "Demo/Customer churn/data"
HOME = "/home/demo"
OFFLINE_CACHE = HOME + "/.clearml/cache/offline"
WORKER = "demo-laptop"
START = 1741942800  # 2025-03-14 09:00:00 UTC


def fixed_id(label):
    """A task/model id of the SDK's offline form, "offline-" + 32 hex, fixed per label."""
    return "offline-" + hashlib.md5(("vitrine-demo/" + label).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------------------------------------------------
# The SDK's naming rules (ARTIFACTS.md 3.2) and helpers
# --------------------------------------------------------------------------------------------------------------------

def Q(x):
    return quote(x, safe="'[]{}()$^,.; -_+-=/")


def R(x):
    x = x.replace("\\", "/").strip("/").replace("/", ".slash.")
    for c in "#\"';?:@&=+$,%!\r\n":
        x = x.replace(c, "0x%02x" % ord(c))
    return x


def with_extension(base, ext):
    """The SDK appends the extension only when the base's last .-segment differs from the extension's."""
    return base if base.rsplit(".", 1)[-1] == ext.rsplit(".", 1)[-1] else base + ext


def format_size(n):
    """clearml.storage.size.format_size: decimal units, at most 2 decimals, trailing zeros removed."""
    if n == 1:
        return "1 byte"
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if size < 1000 or unit == "TB":
            text = ("%.2f" % size).rstrip("0").rstrip(".")
            return "%s %s" % (text, unit)
        size /= 1000.0


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(65536), b""):
            h.update(block)
    return h.hexdigest()


def hocon_text(config):
    """The config_text the SDK derives from a flat config_dict (key = value lines, insertion order)."""
    def value(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return json.dumps(v)
        if isinstance(v, (list, tuple)):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return repr(v)
    return "\n".join("%s = %s" % (k, value(v)) for k, v in config.items())


class Clock:
    """The fake wall clock every timestamp comes from."""

    def __init__(self, start):
        self.t = float(start)

    def tick(self, seconds):
        self.t += seconds
        return self

    def now(self):
        return self.t

    def ms(self):
        return int(round(self.t * 1000))

    def stamp(self):
        """Python logging's asctime: '2025-03-14 09:00:01,234'."""
        dt = datetime.datetime.fromtimestamp(self.t, tz=datetime.timezone.utc)
        return dt.strftime("%Y-%m-%d %H:%M:%S") + ",%03d" % (int(round(self.t * 1000)) % 1000)


# --------------------------------------------------------------------------------------------------------------------
# OfflineTask: the SDK's offline Task, reduced to the calls the demo scripts make
# --------------------------------------------------------------------------------------------------------------------

class OfflineTask:
    """One offline session, written the way ClearML SDK 2.1.7 writes it (see the module docstring)."""

    PREVIEW_LIMIT = 65536

    def __init__(self, label, project_name, task_name, task_type, clock, work_root, script_function):
        self.id = fixed_id(label)
        self.name = task_name
        self.project_name = project_name
        self.task_type = task_type
        self.clock = clock
        self.offline_folder = OFFLINE_CACHE + "/" + self.id
        self.folder = Path(work_root) / self.id
        self.folder.mkdir(parents=True)
        self._tmp_root = Path(work_root) / ("tmp-" + self.id)
        self._tmp_root.mkdir()
        self._tmp_count = 0
        self._artifacts = []
        self._models = []
        self._metric_lines = []
        self._pending_events = []
        self._hyperparams = None
        self._console = []
        self._console_started = clock.ms()
        self._script = self._script_info(script_function)
        self.print("ClearML Task: created new task id=" + self.id)
        self.print("ClearML running in offline mode, session stored in " + self.offline_folder)
        clock.tick(0.013)
        self.log("clearml.Task", "INFO", "No repository found, storing script code instead")

    # -- console -------------------------------------------------------------------------------------------------
    def print(self, text):
        self._console.append(text)

    def log(self, logger, level, text):
        self._console.append("%s - %s - %s - %s" % (self.clock.stamp(), logger, level, text))

    # -- storage layout ------------------------------------------------------------------------------------------
    def _prefix(self):
        task_part = self.name[:max(2, 128 - len(self.id) - 1)] + "." + self.id
        return Q(self.project_name or "unknown") + "/" + Q(task_part)

    def _temp_file(self, name, ext):
        """The SDK serializes into a fresh temp folder as <quote(name)><ext>, so gzip/zip headers are stable."""
        self._tmp_count += 1
        d = self._tmp_root / str(self._tmp_count)
        d.mkdir()
        return d / (quote(name, safe="") + ext)

    def _store(self, name, local_file, file_name):
        """Uploads (copies) into data/<prefix>/artifacts/<R(name)>/<R(file)>; returns (uri, hash, size)."""
        rel = "%s/artifacts/%s/%s" % (self._prefix(), R(name), R(file_name))
        target = self.folder / "data" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(local_file, target)
        return self.offline_folder + "/data/" + rel, sha256_file(target), target.stat().st_size

    def _register(self, name, artifact_type, local_file, file_name, preview, content_type, metadata, extra_type_data=None):
        timestamp = int(self.clock.now())
        uri, digest, size = self._store(name, local_file, file_name)
        if len(preview) > self.PREVIEW_LIMIT + 1024:
            preview = "# full preview too large to store, storing first 64kb\n" + preview[:self.PREVIEW_LIMIT]
        type_data = {"preview": preview, "content_type": content_type}
        type_data.update(extra_type_data or {})
        entry = {"key": name, "type": artifact_type, "mode": "output", "uri": uri, "content_size": size,
                 "hash": digest, "timestamp": timestamp, "type_data": type_data}
        if metadata:
            entry["display_data"] = [[str(k), str(v)] for k, v in metadata.items()]
        self._artifacts.append(entry)
        self.clock.tick(0.041)
        return entry

    # -- Task.upload_artifact ------------------------------------------------------------------------------------
    def upload_artifact(self, name, artifact_object, metadata=None, extension_name=None, preview=None):
        obj = artifact_object
        if extension_name == ".pkl":
            return self._upload_pickle(name, obj, metadata, preview)
        if isinstance(obj, np.ndarray):
            ext = extension_name if extension_name in (".npz", ".csv.gz") else ".npz"
            local = self._temp_file(name, ext)
            if ext == ".npz":
                np.savez_compressed(local, **{name: obj})
                content_type = "application/numpy"
            else:
                np.savetxt(local, obj, delimiter=",")
                content_type = "text/csv"
            return self._register(name, "numpy", local, with_extension(name + ext, ext),
                                  preview or str(obj.__repr__()), content_type, metadata)
        if isinstance(obj, pd.DataFrame):
            ext = extension_name if extension_name in (".csv.gz", ".parquet") else ".csv.gz"
            local = self._temp_file(name, ext)
            if ext == ".parquet":
                write_parquet(obj, local)  # pandas' DataFrame.to_parquet, done by DuckDB here (no pyarrow)
                content_type = "application/parquet"
            else:
                with gzip.GzipFile(local, "wb", mtime=0) as gz:
                    obj.to_csv(gz)
                content_type = "text/csv"
            return self._register(name, "pandas", local, with_extension(name, ext),
                                  preview or str(obj.__repr__()), content_type, metadata)
        if isinstance(obj, Image.Image):
            ext = extension_name or ".png"
            local = self._temp_file(name, ext)
            obj.save(local)
            content_type = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}[ext]
            shown = preview or str(obj.__repr__()).split(" at 0x")[0].lstrip("<")
            return self._register(name, "image", local, with_extension(name + ext, ext), shown, content_type, metadata)
        if isinstance(obj, dict):
            text = json.dumps(obj, sort_keys=True, indent=4)
            local = self._temp_file(name, ".json")
            local.write_text(text)
            shown = text if len(text) < self.PREVIEW_LIMIT else (
                "# full serialized dict too large to store, storing first 64kb\n" + text[:self.PREVIEW_LIMIT])
            return self._register(name, "dict", local, with_extension(name + ".json", ".json"),
                                  preview or shown, "application/json", metadata)
        if isinstance(obj, Path) and obj.is_dir():
            return self._upload_folder(name, obj, metadata, shown_path=HOME + "/churn/outputs/" + obj.name)
        if isinstance(obj, str) and obj:
            local = self._temp_file(name, ".txt")
            local.write_text(obj)
            shown = obj if len(obj) < self.PREVIEW_LIMIT else (
                "# full text too large to store, storing first 64kb\n" + obj[:self.PREVIEW_LIMIT])
            return self._register(name, "string", local, with_extension(name + ".txt", ".txt"),
                                  preview or shown, "text/plain", metadata)
        return self._upload_pickle(name, obj, metadata, preview)  # auto_pickle (sdk.conf default: true)

    def _upload_pickle(self, name, obj, metadata, preview):
        local = self._temp_file(name, ".pkl")
        with open(local, "wb") as f:
            pickle.dump(obj, f)
        try:
            shown = preview or repr(obj)[:self.PREVIEW_LIMIT]
        except Exception:
            shown = ""
        return self._register(name, "pickle", local, with_extension(name + ".pkl", ".pkl"), shown,
                              "application/pickle", metadata)

    def _upload_folder(self, name, folder, metadata, shown_path=None):
        """A folder becomes <folder name>.zip (ZIP_DEFLATED, files in sorted order), previewed as a listing."""
        local = self._temp_file(name, ".zip").with_name(folder.name + ".zip")
        files = sorted((p for p in folder.rglob("*")), key=lambda p: p.relative_to(folder).parts)
        listing = "Archive content %s/*:\n" % (shown_path or folder.as_posix())
        stamp = int(self.clock.now())
        for f in files:
            os.utime(f, (stamp, stamp))
        with zipfile.ZipFile(local, "w", allowZip64=True, compression=zipfile.ZIP_DEFLATED) as zf:
            for f in files:
                if f.is_file():
                    rel = f.relative_to(folder).as_posix()
                    listing += "%s - %s\n" % (rel, format_size(f.stat().st_size))
                    zf.write(f.as_posix(), arcname=rel)
        return self._register(name, "archive", local, folder.name + ".zip", listing, "application/zip", metadata)

    # -- Task.register_artifact (data-audit-table), serialized when the task closes ------------------------------
    def register_artifact(self, name, df, metadata=None):
        self._audit = getattr(self, "_audit", [])
        self._audit.append((name, df, metadata))

    def _flush_audit(self):
        for name, df, metadata in getattr(self, "_audit", []):
            local = self._temp_file(name, ".csv.gz")
            with gzip.GzipFile(local, "wb", mtime=0) as gz:
                df.to_csv(gz, index=False)
            data = local.read_bytes()
            unique = len(df.drop_duplicates())
            summary = "[%s]: shape=%s, %d unique rows, %.1f%% uniqueness\n" % (
                name, str(df.shape), unique, 100.0 * unique / max(1, len(df)))
            self.print(summary)
            self._register(name, "data-audit-table", local, with_extension(name, ".csv.gz"),
                           str(df.__repr__()) + "\n\n" + summary, "text/csv", metadata,
                           {"data_hash": hashlib.sha256(data[32:]).hexdigest()})

    # -- an input artifact: what this task read from another session -------------------------------------------
    def add_input_artifact(self, entry, metadata=None):
        """Records another task's stored artifact as this task's input (mode "input"), as the server keeps it.

        The SDK itself only registers outputs; the record follows the server's artifact schema, with the
        other session's uri, hash and size (OfflineWorkspace resolves it into that session).
        """
        record = {k: entry[k] for k in ("key", "type", "uri", "content_size", "hash")}
        record.update({"mode": "input", "timestamp": int(self.clock.now()),
                       "type_data": {k: v for k, v in entry["type_data"].items() if k in ("preview", "content_type")}})
        if metadata:
            record["display_data"] = [[str(k), str(v)] for k, v in metadata.items()]
        self._artifacts.append(record)

    # -- Task.connect(dict) --------------------------------------------------------------------------------------
    def connect(self, params, name="General"):
        section = self._hyperparams = self._hyperparams or {}
        section[name] = {k: {"description": "", "name": k, "section": name, "type": type(v).__name__,
                             "value": str(v)} for k, v in params.items()}
        return params

    # -- Logger.report_scalar ------------------------------------------------------------------------------------
    def report_scalar(self, title, series, value, iteration):
        self._pending_events.append({"timestamp": self.clock.ms(), "type": "training_stats_scalar", "task": self.id,
                                     "iter": iteration, "metric": title, "variant": series, "value": value,
                                     "method": "get"})
        self.clock.tick(0.002)

    def flush(self):
        self.clock.tick(1.7)
        if self._pending_events:
            self._metric_lines.append(self._pending_events)
            self._pending_events = []

    # -- OutputModel(...).update_weights(weights_filename, iteration) in offline mode ------------------------------
    def output_model(self, label, name, weights_file, iteration, framework="PyTorch", config_dict=None,
                     label_enumeration=None, tags=(), comment=None):
        target = self.folder / "models" / Path(weights_file).name
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(weights_file, target)
        self._models.append({
            "id": fixed_id(label),
            "init": {"config_text": hocon_text(config_dict) if config_dict else "", "config_dict": config_dict or {},
                     "label_enumeration": label_enumeration, "name": name, "tags": list(tags),
                     "comment": "Created by task id: " + self.id + ("\n" + comment if comment else ""),
                     "framework": framework},
            "weights": {"weights_filename": self.offline_folder + "/models/" + target.name, "upload_uri": None,
                        "target_filename": None, "register_uri": None, "iteration": iteration,
                        "update_comment": True, "is_package": False},
            "output_uri": None})
        self.clock.tick(0.08)

    # -- Task.close() ------------------------------------------------------------------------------------------------
    def _script_info(self, function):
        source = ("#!/usr/bin/python3\n# Vitrine demo: the task body that produced this session (assets/demo/generate/"
                  "make_demo.py);\n# `task` is the ClearML task object.\n" + textwrap.dedent(inspect.getsource(function)))
        pip = "# Python %s\n\nPillow == %s\nclearml == 2.1.7\nmatplotlib == %s\nnumpy == %s\npandas == %s\ntorch == %s\n" % (
            sys.version.replace("\n", " "), PIL.__version__, matplotlib.__version__, np.__version__, pd.__version__,
            torch.__version__)
        return {"binary": "python%d.%d" % sys.version_info[:2], "branch": "", "diff": source,
                "entry_point": function.__name__ + ".py", "repository": "",
                "requirements": {"conda": "", "pip": pip}, "version_num": "", "working_dir": "."}

    def close(self, out_dir):
        self.flush()
        self._flush_audit()
        task = {
            "execution": {"artifacts": self._artifacts, "docker_cmd": "", "model": "", "model_desc": {},
                          "model_labels": {}, "parameters": {}},
            "id": self.id, "name": self.name, "offline_folder": self.offline_folder,
            "offline_output_models": self._models, "output": {}, "project_name": self.project_name,
            "script": self._script, "type": self.task_type,
        }
        if self._hyperparams:
            task["hyperparams"] = self._hyperparams
        with open(self.folder / "task.json", "w") as f:
            json.dump(task, f, sort_keys=True, ensure_ascii=True)
        log_event = {"timestamp": self._console_started, "type": "log", "task": self.id, "level": "info",
                     "worker": WORKER, "msg": "\n".join(self._console)}
        with open(self.folder / "log.jsonl", "w") as f:
            f.write(json.dumps([log_event]) + "\n")
        if self._metric_lines:
            with open(self.folder / "metrics.jsonl", "w") as f:
                for line in self._metric_lines:
                    f.write(json.dumps(line) + "\n")
        # fixed modes and times, then the SDK's zip step: every file, relative names, ZIP_DEFLATED, allowZip64
        self.clock.tick(1.5)
        stamp = int(self.clock.now())
        for p in self.folder.rglob("*"):
            if p.is_file():
                os.chmod(p, 0o644)
                os.utime(p, (stamp, stamp))
        zip_path = Path(out_dir) / (self.id + ".zip")
        with zipfile.ZipFile(zip_path, "w", allowZip64=True, compression=zipfile.ZIP_DEFLATED) as zf:
            for f in walk_files(self.folder):
                zf.write(f.as_posix(), arcname=f.relative_to(self.folder).as_posix())
        os.chmod(zip_path, 0o644)
        return zip_path


def walk_files(folder):
    """Path.rglob's order (a folder's own files, then its sub-folders), made deterministic by sorting."""
    order = {"task.json": 0, "log.jsonl": 1, "metrics.jsonl": 2}
    entries = sorted(folder.iterdir(), key=lambda p: (order.get(p.name, 9), p.name))
    for p in entries:
        if p.is_file():
            yield p
    for p in entries:
        if p.is_dir():
            yield from walk_files(p)


# --------------------------------------------------------------------------------------------------------------------
# Formats written by hand or by another tool
# --------------------------------------------------------------------------------------------------------------------

def duckdb_jar():
    env = os.environ.get("DUCKDB_JAR")
    jar = Path(env) if env else Path.home() / ".m2/repository/org/duckdb/duckdb_jdbc/2.0.0.1/duckdb_jdbc-2.0.0.1.jar"
    if not jar.is_file():
        sys.exit("DuckDB JDBC jar not found at %s (set DUCKDB_JAR)" % jar)
    return jar


def write_parquet(df, path):
    """DataFrame -> parquet through DuckDB (MakeParquet.java), with the column types pandas/pyarrow would use."""
    types = []
    for col, dtype in df.dtypes.items():
        if pd.api.types.is_bool_dtype(dtype):
            t = "BOOLEAN"
        elif pd.api.types.is_integer_dtype(dtype):
            t = "BIGINT"
        elif pd.api.types.is_float_dtype(dtype):
            t = "DOUBLE"
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            t = "TIMESTAMP"
        else:
            t = "VARCHAR"
        types.append("%s:%s" % (col, t))
    csv = Path(path).with_suffix(".input.csv")
    df.to_csv(csv, index=False, date_format="%Y-%m-%d %H:%M:%S")
    subprocess.run(["java", "-cp", str(duckdb_jar()), str(HERE / "MakeParquet.java"), str(csv), str(path),
                    ",".join(types)], check=True)
    csv.unlink()


SAFETENSORS_DTYPES = {"float64": "F64", "float32": "F32", "float16": "F16", "int64": "I64", "int32": "I32",
                      "int16": "I16", "int8": "I8", "uint8": "U8", "bool": "BOOL"}


def write_safetensors(path, arrays, metadata):
    """u64 LE header length, JSON header (__metadata__ first) padded with spaces to 8 bytes, raw LE tensors."""
    header, blobs, offset = {"__metadata__": {str(k): str(v) for k, v in metadata.items()}}, [], 0
    for name, a in arrays.items():
        a = np.array(a, order="C", dtype=a.dtype.newbyteorder("<"))
        raw = a.tobytes(order="C")
        header[name] = {"dtype": SAFETENSORS_DTYPES[a.dtype.name], "shape": list(a.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    hb = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hb += b" " * ((8 - len(hb) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        for raw in blobs:
            f.write(raw)


def figure_image(fig):
    """A matplotlib figure as a PIL RGB image (what a user would pass to upload_artifact)."""
    fig.canvas.draw()
    img = Image.frombuffer("RGBA", fig.canvas.get_width_height(), fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    plt.close(fig)
    return img.convert("RGB")


# --------------------------------------------------------------------------------------------------------------------
# The demo's data and model
# --------------------------------------------------------------------------------------------------------------------

PLANS = ["basic", "standard", "premium"]
FEATURES = ["tenure_months", "monthly_fee", "support_calls", "avg_session_min", "satisfaction", "autopay",
            "plan_basic", "plan_standard", "plan_premium"]


def make_customers(n=360, seed=2025):
    """A customer table with the usual mess: NaN, free text with commas and quotes, dates, NaT, a category."""
    rng = np.random.default_rng(seed)
    ref = pd.Timestamp("2025-03-01")
    signup = pd.Timestamp("2021-01-04") + pd.to_timedelta(rng.integers(0, 1490, n), unit="D")
    plan = rng.choice(PLANS, n, p=[0.5, 0.35, 0.15])
    fee = np.array([{"basic": 9.99, "standard": 19.99, "premium": 39.99}[p] for p in plan])
    fee = np.round(fee + rng.choice([0.0, 0.0, 2.5, 5.0], n), 2)
    tenure = ((ref - signup).days // 30).astype(np.int64)
    calls = rng.poisson(1.4, n).astype(np.int64)
    session = np.round(rng.gamma(2.0, 9.0, n), 1)
    session[rng.random(n) < 0.07] = np.nan
    satisfaction = np.round(np.clip(rng.normal(3.6, 0.9, n) - 0.25 * calls, 1, 5), 1)
    satisfaction[rng.random(n) < 0.1] = np.nan
    autopay = rng.random(n) < 0.55
    region = rng.choice(["north", "south", "east", "west"], n).astype(object)
    region[rng.random(n) < 0.05] = None
    last_contact = [ref - pd.Timedelta(days=int(d)) if d < 200 else pd.NaT for d in rng.integers(0, 260, n)]
    notes_pool = ["", "", "", "", "asked about \"family\" plan", "complained about billing, twice",
                  "moved to a new city; kept account", "prefers email", "promo: SPRING25", "câble → fibre upgrade"]
    notes = [notes_pool[i] or None for i in rng.integers(0, len(notes_pool), n)]
    logit = (-0.3 - 0.07 * tenure + 0.9 * calls - 1.4 * np.nan_to_num(satisfaction - 3.5)
             - 1.2 * autopay + 0.8 * (plan == "basic") - 0.05 * np.nan_to_num(session - 18))
    churned = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(np.int64)
    return pd.DataFrame({
        "customer_id": ["C%05d" % (10000 + i) for i in range(n)],
        "signup_date": signup,
        "plan": pd.Categorical(plan, categories=PLANS),
        "region": region,
        "tenure_months": tenure,
        "monthly_fee": fee,
        "support_calls": calls,
        "avg_session_min": session,
        "satisfaction": satisfaction,
        "autopay": autopay,
        "last_contact": pd.to_datetime(last_contact),
        "notes": notes,
        "churned": churned,
    })


def feature_matrix(df):
    x = pd.DataFrame({
        "tenure_months": df["tenure_months"].astype(float),
        "monthly_fee": df["monthly_fee"],
        "support_calls": df["support_calls"].astype(float),
        "avg_session_min": df["avg_session_min"].fillna(df["avg_session_min"].median()),
        "satisfaction": df["satisfaction"].fillna(df["satisfaction"].median()),
        "autopay": df["autopay"].astype(float),
    })
    for p in PLANS:
        x["plan_" + p] = (df["plan"] == p).astype(float)
    return x[FEATURES].to_numpy(dtype=np.float32)


class ChurnMLP(nn.Module):
    def __init__(self, n_in=len(FEATURES)):
        super().__init__()
        self.fc1 = nn.Linear(n_in, 16)
        self.bn1 = nn.BatchNorm1d(16)
        self.fc2 = nn.Linear(16, 8)
        self.head = nn.Linear(8, 2)

    def embed(self, x):
        return torch.relu(self.fc2(torch.relu(self.bn1(self.fc1(x)))))

    def forward(self, x):
        return self.head(self.embed(x))


def roc_points(y, score):
    order = np.argsort(-score, kind="stable")
    y = y[order]
    tpr = np.concatenate([[0.0], np.cumsum(y) / max(1, y.sum())])
    fpr = np.concatenate([[0.0], np.cumsum(1 - y) / max(1, (1 - y).sum())])
    return fpr, tpr, float(np.trapz(tpr, fpr))


def confusion(y, pred):
    return np.array([[np.sum((y == a) & (pred == b)) for b in (0, 1)] for a in (0, 1)], dtype=np.int64)


# --------------------------------------------------------------------------------------------------------------------
# The three tasks (the bodies are stored as each session's script.diff)
# --------------------------------------------------------------------------------------------------------------------

def prepare_customers(task, workdir):
    customers = make_customers()
    task.print("loaded %d customers, churn rate %.3f" % (len(customers), customers["churned"].mean()))
    task.upload_artifact("customers", customers,
                         metadata={"rows": len(customers), "columns": customers.shape[1], "target": "churned"})
    task.upload_artifact("customers_parquet", customers, extension_name=".parquet",
                         metadata={"rows": len(customers), "writer": "DuckDB (no pyarrow on Debian)"})
    schema = {"columns": {c: str(t) for c, t in customers.dtypes.items()},
              "missing": {c: int(v) for c, v in customers.isna().sum().items() if v},
              "rows": len(customers), "target": "churned", "plans": PLANS}
    task.upload_artifact("schema", schema)
    task.register_artifact("customers_audit", customers[["customer_id", "plan", "tenure_months", "churned"]],
                           metadata={"audit": "on"})


def train_churn_model(task, workdir, prep):
    params = task.connect({"seed": 7, "epochs": 12, "batch_size": 32, "lr": 0.05, "momentum": 0.9,
                           "val_fraction": 0.2, "hidden": 16})
    task.add_input_artifact(prep.artifact("customers"), metadata={"source task": prep.id, "read with": "pandas"})
    customers = make_customers()  # == pd.read_csv(<customers.csv.gz>, index_col=[0]) with dtypes restored
    torch.manual_seed(params["seed"])
    gen = torch.Generator().manual_seed(params["seed"])
    x_all = feature_matrix(customers)
    y_all = customers["churned"].to_numpy()
    perm = np.random.default_rng(params["seed"]).permutation(len(customers))
    n_val = int(len(customers) * params["val_fraction"])
    val_idx, train_idx = perm[:n_val], perm[n_val:]
    mean, std = x_all[train_idx].mean(0), x_all[train_idx].std(0) + 1e-6
    x = torch.tensor((x_all - mean) / std)
    y = torch.tensor(y_all)
    model = ChurnMLP()
    opt = torch.optim.SGD(model.parameters(), lr=params["lr"], momentum=params["momentum"])
    labels = {"stays": 0, "churns": 1}
    history = []
    for epoch in range(1, params["epochs"] + 1):
        model.train()
        order = torch.tensor(train_idx)[torch.randperm(len(train_idx), generator=gen)]
        total, correct = 0.0, 0
        for i in range(0, len(order), params["batch_size"]):
            b = order[i:i + params["batch_size"]]
            opt.zero_grad()
            out = model(x[b])
            loss = F.cross_entropy(out, y[b])
            loss.backward()
            opt.step()
            total += float(loss) * len(b)
            correct += int((out.argmax(1) == y[b]).sum())
        model.eval()
        with torch.no_grad():
            out = model(x[val_idx])
            val_loss = float(F.cross_entropy(out, y[val_idx]))
            val_acc = float((out.argmax(1) == y[val_idx]).float().mean())
        row = {"epoch": epoch, "train_loss": total / len(order), "train_acc": correct / len(order),
               "val_loss": val_loss, "val_acc": val_acc}
        history.append(row)
        task.report_scalar("loss", "train", row["train_loss"], iteration=epoch)
        task.report_scalar("loss", "val", row["val_loss"], iteration=epoch)
        task.report_scalar("accuracy", "train", row["train_acc"], iteration=epoch)
        task.report_scalar("accuracy", "val", row["val_acc"], iteration=epoch)
        task.report_scalar("lr", "sgd", params["lr"], iteration=epoch)
        task.flush()
        task.print("epoch %2d  loss %.4f  val_loss %.4f  val_acc %.3f" % (epoch, row["train_loss"], val_loss, val_acc))
        if epoch in (6, 12):
            weights = workdir / ("churn_mlp_e%d.pt" % epoch)
            torch.save(model.state_dict(), weights)
            task.output_model("model-e%d" % epoch, "churn_mlp_e%d" % epoch, weights, iteration=epoch,
                              config_dict={"arch": "ChurnMLP", "epoch": epoch, "features": len(FEATURES),
                                           "hidden": [16, 8], "classes": 2},
                              label_enumeration=labels, tags=["demo", "e%d" % epoch],
                              comment="ChurnMLP state_dict after epoch %d" % epoch)
    state = {k: v.detach().cpu().numpy() for k, v in model.state_dict().items()}
    st = workdir / "churn_mlp_e12.safetensors"
    write_safetensors(st, state, {"format": "pt", "epoch": "12"})
    task.output_model("model-e12-safetensors", "churn_mlp_e12_safetensors", st, iteration=12,
                      tags=["demo", "safetensors"], comment="same weights as churn_mlp_e12.pt (safetensors layout)")

    with torch.no_grad():
        score = torch.softmax(model(x[val_idx]), 1)[:, 1].numpy().astype(np.float64)
        embeddings = model.embed(x[val_idx]).numpy()
    y_val = y_all[val_idx]
    pred = (score >= 0.5).astype(np.int64)
    cm = confusion(y_val, pred)
    fpr, tpr, auc = roc_points(y_val, score)
    tp, fp, fn = cm[1, 1], cm[0, 1], cm[1, 0]
    metrics = {"auc": round(auc, 4), "accuracy": round(float((pred == y_val).mean()), 4),
               "precision": round(float(tp / max(1, tp + fp)), 4), "recall": round(float(tp / max(1, tp + fn)), 4),
               "threshold": 0.5, "val_rows": int(n_val), "epochs": params["epochs"],
               "confusion_matrix": cm.tolist(), "labels": labels}
    task.upload_artifact("metrics", metrics)
    task.upload_artifact("val_embeddings", embeddings.astype(np.float32),
                         metadata={"rows": "validation customers", "layer": "fc2 (after ReLU)"})
    w = model.fc1.weight.detach().numpy()
    heat = np.kron((w - w.min()) / (w.max() - w.min()), np.ones((4, 8)))  # 16x9 weights -> 64x72 pixels
    rgb = (np.stack([heat, 1 - np.abs(heat - 0.5) * 2, 1 - heat], axis=-1) * 255).round().astype(np.uint8)
    task.upload_artifact("fc1_weights_rgb", rgb, metadata={"shape": "64x72x3", "colour": "blue low, red high"})

    fig, ax = plt.subplots(figsize=(4.2, 3.6), dpi=80)
    ax.plot(fpr, tpr, color="#1f77b4", lw=2, label="AUC %.3f" % auc)
    ax.plot([0, 1], [0, 1], color="#999999", ls="--", lw=1)
    ax.set_xlabel("false positive rate")
    ax.set_ylabel("true positive rate")
    ax.set_title("ROC, validation")
    ax.legend(loc="lower right")
    fig.tight_layout()
    task.upload_artifact("roc_curve", figure_image(fig))
    hist = pd.DataFrame(history)
    fig, ax = plt.subplots(figsize=(4.8, 3.2), dpi=80)
    ax.plot(hist["epoch"], hist["train_loss"], marker="o", label="train")
    ax.plot(hist["epoch"], hist["val_loss"], marker="s", label="validation")
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy")
    ax.legend()
    fig.tight_layout()
    task.upload_artifact("loss_curves", figure_image(fig), extension_name=".jpg")

    task.upload_artifact("preprocessing", {"features": FEATURES, "mean": [round(float(v), 6) for v in mean],
                                           "std": [round(float(v), 6) for v in std],
                                           "plan_index": {p: i for i, p in enumerate(PLANS)}},
                         extension_name=".pkl")
    task.upload_artifact("run_notes",
                         "ChurnMLP on %d customers (%d train / %d validation).\n"
                         "Features: %s.\n"
                         "Missing avg_session_min / satisfaction filled with the median.\n"
                         "Checkpoints: churn_mlp_e6.pt, churn_mlp_e12.pt (+ a safetensors copy of e12).\n"
                         % (len(customers), len(train_idx), n_val, ", ".join(FEATURES)))
    reports = workdir / "reports"
    reports.mkdir()
    hist.to_csv(reports / "history.csv", index=False, float_format="%.6f")
    pd.DataFrame(cm, index=["true_stays", "true_churns"], columns=["pred_stays", "pred_churns"]).to_csv(
        reports / "confusion_matrix.csv")
    (reports / "summary.md").write_text("# Churn model\n\nAUC %.3f, accuracy %.3f at threshold 0.5.\n"
                                        % (metrics["auc"], metrics["accuracy"]))
    (reports / "plots").mkdir()
    figure_image_from_history(hist).save(reports / "plots" / "accuracy.png")
    task.upload_artifact("reports", reports, metadata={"files": 4})  # a folder -> reports.zip
    return model, (x[val_idx], y_val, score)


def figure_image_from_history(hist):
    fig, ax = plt.subplots(figsize=(3.2, 2.4), dpi=60)
    ax.plot(hist["epoch"], hist["train_acc"], label="train")
    ax.plot(hist["epoch"], hist["val_acc"], label="validation")
    ax.set_ylim(0.4, 1.0)
    ax.legend(fontsize=7)
    fig.tight_layout()
    return figure_image(fig)


def evaluate_churn_model(task, workdir, validation):
    x_val, y_val, score = validation
    rows = []
    for threshold in np.round(np.arange(0.1, 0.95, 0.1), 2):
        pred = (score >= threshold).astype(np.int64)
        cm = confusion(y_val, pred)
        tp, fp, fn, tn = cm[1, 1], cm[0, 1], cm[1, 0], cm[0, 0]
        precision = tp / (tp + fp) if tp + fp else np.nan
        recall = tp / (tp + fn) if tp + fn else np.nan
        rows.append({"threshold": threshold, "precision": precision, "recall": recall,
                     "f1": 2 * precision * recall / (precision + recall) if precision + recall else np.nan,
                     "flagged": int(pred.sum()), "tp": int(tp), "fp": int(fp), "fn": int(fn), "tn": int(tn)})
    sweep = pd.DataFrame(rows)
    for i, r in sweep.iterrows():
        task.report_scalar("precision_recall", "precision", float(np.nan_to_num(r["precision"])), iteration=i)
        task.report_scalar("precision_recall", "recall", float(np.nan_to_num(r["recall"])), iteration=i)
    task.flush()
    task.upload_artifact("threshold_sweep", sweep, metadata={"model": "churn_mlp_e12"})
    bins = np.linspace(0, 1, 6)
    idx = np.clip(np.digitize(score, bins) - 1, 0, 4)
    predicted = [float(score[idx == b].mean()) if np.any(idx == b) else np.nan for b in range(5)]
    observed = [float(y_val[idx == b].mean()) if np.any(idx == b) else np.nan for b in range(5)]
    fig, ax = plt.subplots(figsize=(3.6, 3.6), dpi=80)
    ax.plot([0, 1], [0, 1], color="#999999", ls="--", lw=1)
    ax.plot(predicted, observed, marker="o", color="#d62728")
    ax.set_xlabel("predicted churn probability")
    ax.set_ylabel("observed churn rate")
    ax.set_title("Calibration")
    fig.tight_layout()
    task.upload_artifact("calibration", figure_image(fig))
    best = sweep.loc[sweep["f1"].idxmax()]
    task.upload_artifact("summary", {"best_threshold": float(best["threshold"]), "best_f1": round(float(best["f1"]), 4),
                                     "model": "churn_mlp_e12", "validation_rows": int(len(y_val))})


class Done:
    """What later tasks need from an earlier, closed one."""

    def __init__(self, task):
        self.id = task.id
        self._artifacts = {a["key"]: a for a in task._artifacts if a["mode"] == "output"}

    def artifact(self, key):
        return self._artifacts[key]


def main():
    out_dir = DEMO_DIR
    for old in out_dir.glob("offline-*.zip"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="vitrine-demo-") as tmp:
        work = Path(tmp)
        clock = Clock(START)

        (work / "sessions").mkdir()
        prep = OfflineTask("prepare", DATA_PROJECT, "prepare customers", "data_processing", clock, work / "sessions",
                           prepare_customers)
        wd = work / "prepare"
        wd.mkdir()
        prepare_customers(prep, wd)
        zips = [prep.close(out_dir)]
        prep_done = Done(prep)

        clock.tick(1800)
        train = OfflineTask("train", PROJECT, "train churn model", "training", clock, work / "sessions",
                            train_churn_model)
        wd = work / "train"
        wd.mkdir()
        _, validation = train_churn_model(train, wd, prep_done)
        zips.append(train.close(out_dir))
        # debug samples (Logger.report_image / report_media per epoch), added by a JDK-only step
        subprocess.run(["java", str(HERE / "AddSamples.java"), str(zips[-1])], check=True)

        clock.tick(900)
        evaluate = OfflineTask("evaluate", PROJECT, "evaluate churn model", "testing", clock, work / "sessions",
                               evaluate_churn_model)
        wd = work / "evaluate"
        wd.mkdir()
        evaluate_churn_model(evaluate, wd, validation)
        zips.append(evaluate.close(out_dir))

    # index.txt: one zip per line. The comment carries a digest of the zips, so a changed demo with the same
    # task ids still gets a fresh copy when DemoWorkspace unpacks it from the jar (its cache is keyed by the index).
    names = sorted(z.name for z in zips)
    digest = hashlib.sha256()
    for n in names:
        digest.update((out_dir / n).read_bytes())
    (out_dir / "index.txt").write_text("# Vitrine demo sessions (generate/make_demo.py), sha256 of the zips %s\n"
                                       % digest.hexdigest() + "".join(n + "\n" for n in names))
    total = 0
    for z in zips:
        total += z.stat().st_size
        print("%s  %7d bytes  sha256 %s" % (z.name, z.stat().st_size, sha256_file(z)))
    print("total %d bytes" % total)


if __name__ == "__main__":
    main()
