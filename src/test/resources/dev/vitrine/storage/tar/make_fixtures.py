"""Makes the tar fixtures of TarReaderTest (python3 make_fixtures.py; needs GNU tar for the sparse ones)."""
import io, os, subprocess, tarfile, tempfile

LONG = "a-folder-with-a-name-longer-than-a-hundred-characters-" + "x" * 60 + "/" + "member-" + "y" * 90 + ".txt"


def add(tf, name, data, **kw):
    ti = tarfile.TarInfo(name)
    ti.size = len(data)
    ti.mtime = 0
    for k, v in kw.items():
        setattr(ti, k, v)
    tf.addfile(ti, io.BytesIO(data))


def link(tf, name, target, kind):
    ti = tarfile.TarInfo(name)
    ti.type = kind
    ti.linkname = target
    ti.mtime = 0
    tf.addfile(ti)


# pax headers on every member (non-ASCII names force a pax header per member, as real SDK uploads with
# unicode names do); a global header too; a pax size override.
with tarfile.open("pax.tgz", "w:gz", format=tarfile.PAX_FORMAT, pax_headers={"comment": "global"}) as tf:
    d = tarfile.TarInfo("données")
    d.type = tarfile.DIRTYPE
    d.mtime = 0
    tf.addfile(d)
    add(tf, "données/é1.txt", b"first\n", pax_headers={"mtime": "1.5"})
    add(tf, "données/é2.txt", b"second file\n" * 100)
    add(tf, LONG, b"long\n")
    link(tf, "données/hard.txt", "données/é1.txt", tarfile.LNKTYPE)

with tarfile.open("gnu.tgz", "w:gz", format=tarfile.GNU_FORMAT) as tf:
    add(tf, LONG, b"long name\n")
    add(tf, "short.txt", b"short\n")
    link(tf, "z/" + "l" * 120, LONG, tarfile.LNKTYPE)

with tarfile.open("links.tgz", "w:gz", format=tarfile.PAX_FORMAT) as tf:
    add(tf, "in/file.txt", b"inside\n")
    link(tf, "in/up", "../../../etc", tarfile.SYMTYPE)
    link(tf, "in/abs", "/etc/passwd", tarfile.SYMTYPE)
    link(tf, "in/hard-out", "../../etc/passwd", tarfile.LNKTYPE)
    link(tf, "in/hard-missing", "in/nowhere.txt", tarfile.LNKTYPE)
    link(tf, "in/hard-ok", "in/file.txt", tarfile.LNKTYPE)
    add(tf, "../escape.txt", b"no\n")

# sparse members as GNU tar writes them: old GNU 'S' headers, and pax 0.1 / 1.0
with tempfile.TemporaryDirectory() as t:
    p = os.path.join(t, "sparse.bin")
    with open(p, "wb") as f:
        f.write(b"head")
        f.seek(300000)
        f.write(b"middle")
        f.seek(700000)
        f.write(b"tail")
    for name, opts in [("sparse_gnu.tgz", ["--format=gnu"]),
                       ("sparse_pax01.tgz", ["--format=posix", "--sparse-version=0.1"]),
                       ("sparse_pax10.tgz", ["--format=posix", "--sparse-version=1.0"])]:
        subprocess.check_call(["tar", "czf", os.path.abspath(name), "--sparse", "--mtime=@0", "--owner=0", "--group=0"] + opts
                              + ["-C", t, "sparse.bin"])
