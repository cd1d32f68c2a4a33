package dev.vitrine.preview.pickle;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks a pickle's opcodes as Python's {@code pickletools.genops} does, streaming: arguments are
 * skipped, never allocated by their declared length, so a lying length costs nothing. Counts
 * REDUCE/BUILD/persistent ids and collects the globals; STACK_GLOBAL names are recovered from the
 * strings pushed (and memoized) just before it. Stateless; thread-safe.
 */
public final class PickleScanner {

    private static final Set<String> DANGEROUS_MODULES = Set.of(
            "os", "posix", "nt", "subprocess", "sys", "shutil", "socket", "runpy", "importlib", "pty", "ctypes",
            "multiprocessing", "webbrowser", "code", "codeop", "pickle", "_pickle", "marshal", "commands", "popen2",
            "signal", "asyncio", "pdb", "timeit", "bdb", "cProfile", "profile", "trace", "pydoc", "ensurepip", "venv",
            "distutils", "setuptools", "pip", "platform", "_posixsubprocess", "posixpath", "ntpath", "io", "_io",
            "tempfile", "glob", "zipimport", "types", "inspect", "dill", "cloudpickle", "joblib", "torch.serialization",
            "numpy.testing._private.utils", "httplib", "http.client", "urllib", "urllib.request", "requests", "smtplib",
            "ftplib", "telnetlib", "threading", "_thread", "gc", "functools", "operator", "numpy.f2py", "sqlite3");
    private static final Set<String> DANGEROUS_BUILTINS = Set.of(
            "eval", "exec", "execfile", "compile", "__import__", "getattr", "setattr", "delattr", "open", "input",
            "breakpoint", "globals", "locals", "vars", "apply", "file", "reload");

    private PickleScanner() {}

    /** True when calling {@code module.name} on load could run code or touch the system. */
    public static boolean isDangerous(String module, String name) {
        String top = module.contains(".") ? module.substring(0, module.indexOf('.')) : module;
        if (module.equals("builtins") || module.equals("__builtin__") || module.equals("__builtins__")) {
            return DANGEROUS_BUILTINS.contains(name);
        }
        return DANGEROUS_MODULES.contains(module) || DANGEROUS_MODULES.contains(top);
    }

    public static PickleScan scan(byte[] bytes) {
        try {
            return scan(new java.io.ByteArrayInputStream(bytes), bytes.length);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Scans a pickle of {@code size} bytes (the bound for declared lengths). Stops at STOP, at the end
     * of input (reported in {@link PickleScan#error()}) or at an unknown opcode. I/O errors propagate.
     */
    public static PickleScan scan(InputStream in, long size) throws IOException {
        Walker w = new Walker(in, size);
        String error = null;
        try {
            w.run();
        } catch (EOFException e) {
            error = "the pickle is truncated (no STOP opcode)";
        } catch (Corrupt e) {
            error = e.getMessage();
        }
        List<String> dangerous = new ArrayList<>();
        for (String g : w.globals) {
            int sp = g.indexOf(' ');
            if (sp > 0 && isDangerous(g.substring(0, sp), g.substring(sp + 1))) dangerous.add(g);
        }
        return new PickleScan(w.protocol, w.opcodes, w.reduces, w.builds, w.persids, new ArrayList<>(w.globals), dangerous, error);
    }

    private static final class Corrupt extends Exception {
        Corrupt(String m) {
            super(m);
        }
    }

    private static final class Walker {
        private final InputStream in;
        private final long size;
        private long pos;
        Integer protocol;
        long opcodes, reduces, builds, persids;
        final Set<String> globals = new LinkedHashSet<>();
        private final Map<Long, String> memo = new HashMap<>();
        private long memoCount;
        private String prev, last; // the two most recent pushes, when strings

        Walker(InputStream in, long size) {
            this.in = in;
            this.size = size;
        }

        private int u1() throws IOException {
            int b = in.read();
            if (b < 0) throw new EOFException();
            pos++;
            return b;
        }

        private long le(int n) throws IOException {
            long v = 0;
            for (int i = 0; i < n; i++) v |= (long) u1() << (8 * i);
            return v;
        }

        private void skip(long n) throws IOException, Corrupt {
            if (n < 0 || n > size - pos) throw new Corrupt("the pickle declares " + n + " bytes of data at offset " + pos + ", beyond its end");
            long left = n;
            while (left > 0) {
                long s = in.skip(left);
                if (s <= 0) {
                    if (in.read() < 0) throw new EOFException();
                    s = 1;
                }
                left -= s;
            }
            pos += n;
        }

        private String text(long n) throws IOException, Corrupt {
            if (n < 0 || n > size - pos) throw new Corrupt("the pickle declares " + n + " bytes of data at offset " + pos + ", beyond its end");
            if (n > 4096) {
                skip(n);
                return null;
            }
            byte[] b = in.readNBytes((int) n);
            if (b.length < n) throw new EOFException();
            pos += n;
            return new String(b, StandardCharsets.UTF_8);
        }

        private String line() throws IOException, Corrupt {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                int c = u1();
                if (c == '\n') break;
                if (b.size() < 65536) b.write(c);
            }
            String s = b.toString(StandardCharsets.UTF_8);
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }

        private void push(String s) {
            prev = last;
            last = s;
        }

        private void memoPut(long idx) {
            if (memo.size() < 2_000_000) memo.put(idx, last);
        }

        void run() throws IOException, Corrupt {
            while (true) {
                int op = u1();
                opcodes++;
                switch (op) {
                    case '.': return;
                    case '(': case '0': case '1': case '2': case 'N': case 'a': case 'd': case '}': case 'e':
                    case 'l': case ']': case 's': case 't': case ')': case 'u': case 0x85: case 0x86: case 0x87:
                    case 0x88: case 0x89: case 0x8f: case 0x90: case 0x91: case 0x97: case 0x98:
                        push(null);
                        break;
                    case 'R': reduces++; push(null); break;
                    case 'b': builds++; push(null); break;
                    case 'o': case 0x81: case 0x92: push(null); break;
                    case 'Q': persids++; push(null); break;
                    case 'P': line(); persids++; push(null); break;
                    case 'F': case 'I': case 'L': line(); push(null); break;
                    case 'S': {
                        String s = line();
                        if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"')) s = s.substring(1, s.length() - 1);
                        push(s);
                        break;
                    }
                    case 'V': push(line()); break;
                    case 'J': le(4); push(null); break;
                    case 'K': le(1); push(null); break;
                    case 'M': le(2); push(null); break;
                    case 'G': le(8); push(null); break;
                    case 0x8a: skip(le(1)); push(null); break;
                    case 0x8b: { long n = (int) le(4); skip(n); push(null); break; }
                    case 'T': { long n = (int) le(4); push(text(n)); break; }
                    case 'U': push(text(le(1))); break;
                    case 'X': push(text(le(4))); break;
                    case 0x8c: push(text(le(1))); break;
                    case 0x8d: push(text(le(8))); break;
                    case 'B': skip(le(4)); push(null); break;
                    case 'C': skip(le(1)); push(null); break;
                    case 0x8e: case 0x96: skip(le(8)); push(null); break;
                    case 'c': case 'i': {
                        String module = line();
                        String name = line();
                        globals.add(module + " " + name);
                        push(null);
                        break;
                    }
                    case 0x93: {
                        globals.add((prev == null ? "?" : prev) + " " + (last == null ? "?" : last));
                        prev = null;
                        last = null;
                        break;
                    }
                    case 'g': { String s = line(); push(memo.get(parseLong(s))); break; }
                    case 'h': push(memo.get(le(1))); break;
                    case 'j': push(memo.get(le(4))); break;
                    case 'p': { long idx = parseLong(line()); memoPut(idx); memoCount = Math.max(memoCount, idx + 1); break; }
                    case 'q': memoPut(le(1)); memoCount++; break;
                    case 'r': memoPut(le(4)); memoCount++; break;
                    case 0x94: memoPut(memoCount++); break;
                    case 0x80: protocol = u1(); break;
                    case 0x95: le(8); break;
                    case 0x82: le(1); push(null); break;
                    case 0x83: le(2); push(null); break;
                    case 0x84: le(4); push(null); break;
                    default:
                        opcodes--;
                        throw new Corrupt(String.format("unknown pickle opcode 0x%02x at offset %d", op, pos - 1));
                }
            }
        }

        private long parseLong(String s) throws Corrupt {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new Corrupt("bad memo index '" + s + "'");
            }
        }
    }
}
