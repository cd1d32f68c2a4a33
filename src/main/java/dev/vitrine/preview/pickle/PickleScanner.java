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
 * Runs a pickle's opcodes on an abstract stack machine, as Python's {@code pickle._Unpickler} would
 * but building nothing: values are only "a string", "a global", "an instance of", "a tuple of" or
 * "something". Every protocol 0-5 opcode is modelled (MARK, POP, DUP, POP_MARK, the memo, frames),
 * so the name STACK_GLOBAL resolves is the one Python would import. Streaming: arguments are skipped,
 * never allocated by their declared length, so a lying length costs nothing.
 *
 * <p>The verdict is an allow-list: a global known to be inert (numpy/pandas/torch reconstruction,
 * builtins containers, collections, datetime, ...) may be called; any other global that REDUCE,
 * INST, OBJ, NEWOBJ or NEWOBJ_EX would call, or that BUILD would set state on, counts as code
 * execution, as does a non-inert global passed straight to an inert one (a factory's class
 * argument). One exception keeps plain user objects readable: an instance made the default way
 * ({@code cls.__new__(cls)} through NEWOBJ with no arguments or {@code copyreg._reconstructor(cls,
 * object, None)}, then BUILD) of a class outside the modules known to hold gadgets. Stateless;
 * thread-safe.
 */
public final class PickleScanner {

    /** Modules whose classes are never "plain objects": system access, code loading, known gadgets. */
    private static final Set<String> DANGEROUS_MODULES = Set.of(
            "os", "posix", "nt", "subprocess", "sys", "shutil", "socket", "runpy", "importlib", "pty", "ctypes",
            "multiprocessing", "webbrowser", "code", "codeop", "pickle", "_pickle", "marshal", "commands", "popen2",
            "signal", "asyncio", "pdb", "timeit", "bdb", "cProfile", "profile", "trace", "pydoc", "ensurepip", "venv",
            "distutils", "setuptools", "pip", "platform", "_posixsubprocess", "posixpath", "ntpath", "io", "_io",
            "tempfile", "glob", "zipimport", "types", "inspect", "dill", "cloudpickle", "joblib", "torch.serialization",
            "numpy.testing._private.utils", "httplib", "http", "urllib", "urllib.request", "requests", "smtplib",
            "ftplib", "telnetlib", "threading", "_thread", "gc", "functools", "operator", "numpy.f2py", "sqlite3",
            "pkgutil", "_osx_support", "_aix_support", "imaplib", "poplib", "nntplib", "builtins", "__builtin__",
            "__builtins__", "copyreg", "copy_reg", "codecs", "_codecs", "site", "sysconfig", "zipfile", "tarfile",
            "logging", "xmlrpc", "cgi", "uuid", "ctypes.util", "linecache", "traceback", "idlelib", "lib2to3", "test",
            "unittest", "doctest", "_operator", "weakref", "atexit", "resource", "mmap",
            "fcntl", "termios", "select", "selectors", "ssl", "email", "mailbox", "shelve", "dbm", "pyexpat", "xml",
            "numpy.distutils", "numpy.lib.utils", "torch.hub", "torch.jit", "torch.utils.cpp_extension", "torch._ops",
            "torch.ops", "torch.package", "torch.storage", "pandas.io", "pandas.util", "pandas.core.computation");

    /** "module name" of globals that only rebuild data when called (their class arguments are checked too). */
    private static final Set<String> INERT = Set.of(
            // builtins containers and values
            "builtins set", "builtins frozenset", "builtins list", "builtins dict", "builtins tuple", "builtins bytearray",
            "builtins bytes", "builtins complex", "builtins slice", "builtins range", "builtins object", "builtins int",
            "builtins float", "builtins str", "builtins bool",
            "__builtin__ set", "__builtin__ frozenset", "__builtin__ list", "__builtin__ dict", "__builtin__ tuple",
            "__builtin__ bytearray", "__builtin__ complex", "__builtin__ slice", "__builtin__ object", "__builtin__ int",
            "__builtin__ long", "__builtin__ float", "__builtin__ str", "__builtin__ unicode", "__builtin__ bool",
            "_codecs encode", "copyreg _reconstructor", "copy_reg _reconstructor", "copyreg __newobj__", "copy_reg __newobj__",
            "copyreg __newobj_ex__",
            "collections OrderedDict", "collections defaultdict", "collections deque", "collections Counter",
            "datetime datetime", "datetime date", "datetime time", "datetime timedelta", "datetime timezone",
            "decimal Decimal", "fractions Fraction",
            // numpy
            "numpy ndarray", "numpy dtype", "numpy.core.multiarray _reconstruct", "numpy.core.multiarray scalar",
            "numpy.core.numeric _frombuffer", "numpy._core.multiarray _reconstruct", "numpy._core.multiarray scalar",
            "numpy._core.numeric _frombuffer", "numpy.ma.core _mareconstruct", "numpy.ma.core MaskedArray",
            // pandas
            "pandas.core.frame DataFrame", "pandas.core.series Series",
            "pandas.core.internals.managers BlockManager", "pandas.core.internals.managers SingleBlockManager",
            "pandas._libs.internals _unpickle_block", "pandas.core.internals.blocks new_block",
            "pandas.core.internals.blocks _unpickle_block", "pandas._libs.arrays __pyx_unpickle_NDArrayBacked",
            "pandas.core.arrays.categorical Categorical", "pandas.core.dtypes.dtypes CategoricalDtype",
            "pandas.core.dtypes.dtypes DatetimeTZDtype", "pandas.core.dtypes.dtypes PeriodDtype",
            "pandas.core.arrays.datetimes DatetimeArray", "pandas.core.arrays.timedeltas TimedeltaArray",
            "pandas.core.indexes.base _new_Index", "pandas.core.indexes.base Index", "pandas.core.indexes.range RangeIndex",
            "pandas.core.indexes.multi MultiIndex", "pandas.core.indexes.numeric Int64Index",
            "pandas.core.indexes.numeric UInt64Index", "pandas.core.indexes.numeric Float64Index",
            "pandas.core.indexes.datetimes DatetimeIndex", "pandas.core.indexes.datetimes _new_DatetimeIndex",
            "pandas.core.indexes.timedeltas TimedeltaIndex", "pandas.core.indexes.category CategoricalIndex",
            "pandas._libs.tslibs.timestamps _unpickle_timestamp", "pandas._libs.tslibs.timestamps Timestamp",
            "pandas._libs.tslibs.timedeltas _timedelta_unpickle", "pandas._libs.tslibs.timedeltas Timedelta",
            "pandas._libs.tslibs.nattype __nat_unpickle", "pandas.core.arrays.integer IntegerArray",
            "pandas.core.arrays.integer Int8Dtype", "pandas.core.arrays.integer Int16Dtype",
            "pandas.core.arrays.integer Int32Dtype", "pandas.core.arrays.integer Int64Dtype",
            "pandas.core.arrays.integer UInt8Dtype", "pandas.core.arrays.integer UInt16Dtype",
            "pandas.core.arrays.integer UInt32Dtype", "pandas.core.arrays.integer UInt64Dtype",
            "pandas.core.arrays.boolean BooleanArray", "pandas.core.arrays.boolean BooleanDtype",
            "pandas.core.arrays.floating FloatingArray", "pandas.core.arrays.floating Float32Dtype",
            "pandas.core.arrays.floating Float64Dtype", "pandas.core.arrays.string_ StringArray",
            "pandas.core.arrays.string_ StringDtype",
            // torch (checkpoints: tensors come from storages named by persistent ids)
            "torch._utils _rebuild_tensor", "torch._utils _rebuild_tensor_v2", "torch._utils _rebuild_parameter",
            "torch._utils _rebuild_parameter_with_state", "torch._tensor _rebuild_from_type_v2", "torch Tensor",
            "torch.nn.parameter Parameter", "torch Size", "torch device",
            // TorchScript archives (torch.jit.save): typed lists of module attributes; each returns its argument
            "torch.jit._pickle build_intlist", "torch.jit._pickle build_tensorlist", "torch.jit._pickle build_doublelist",
            "torch.jit._pickle build_boollist", "torch.jit._pickle restore_type_tag");

    private PickleScanner() {}

    /** True when {@code module.name} is not known to be inert: calling it on load could run code. */
    public static boolean isDangerous(String module, String name) {
        return !INERT.contains(module + " " + name);
    }

    /** True when classes of {@code module} are never treated as plain user objects. */
    static boolean gadgetModule(String module) {
        if (module.equals("?")) return true;
        String m = module;
        while (true) {
            if (DANGEROUS_MODULES.contains(m)) return true;
            int dot = m.lastIndexOf('.');
            if (dot < 0) return false;
            m = m.substring(0, dot);
        }
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
     * of input (reported in {@link PickleScan#error()}), at an unknown opcode or at an operation
     * Python would refuse (stack underflow, missing memo entry). I/O errors propagate.
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
        return new PickleScan(w.protocol, w.opcodes, w.reduces, w.builds, w.persids, new ArrayList<>(w.globals),
                new ArrayList<>(w.dangerous), error);
    }

    private static final class Corrupt extends Exception {
        Corrupt(String m) {
            super(m);
        }
    }

    /**
     * An abstract value: a string ({@code str}), a global ({@code global}), an instance made by
     * calling a global ({@code instanceOf}, {@code plain} when made the default way), a tuple
     * ({@code items}, kept when short), or anything else (all null).
     */
    private record V(String str, String global, String instanceOf, boolean plain, List<V> items) {
        static final V ANY = new V(null, null, null, false, null);
        static final V NONE = new V(null, null, null, false, null);

        static V str(String s) {
            return s == null ? ANY : new V(s, null, null, false, null);
        }

        static V global(String g) {
            return new V(null, g, null, false, null);
        }

        static V instance(String g, boolean plain) {
            return new V(null, null, g, plain, null);
        }

        static V tuple(List<V> items) {
            return new V(null, null, null, false, List.copyOf(items.size() <= 16 ? items : items.subList(0, 16)));
        }

        boolean emptyTuple() {
            return items != null && items.isEmpty();
        }
    }

    private static final class Walker {
        /** Deeper than any real pickle; bounds the scan's memory on a stream of pushes. */
        static final int MAX_STACK = 4_000_000;
        static final int MAX_MEMO = 2_000_000;

        private final InputStream in;
        private final long size;
        private long pos;
        Integer protocol;
        long opcodes, reduces, builds, persids;
        final Set<String> globals = new LinkedHashSet<>();
        final Set<String> dangerous = new LinkedHashSet<>();
        private final Map<Long, V> memo = new HashMap<>();
        private boolean memoFull;
        private final ArrayList<V> stack = new ArrayList<>();
        private final ArrayList<Integer> marks = new ArrayList<>();

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

        private void push(V v) throws Corrupt {
            if (stack.size() >= MAX_STACK) throw new Corrupt("the pickle's stack grows past " + MAX_STACK + " items");
            stack.add(v);
        }

        private V pop() throws Corrupt {
            int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
            if (stack.size() <= floor) throw new Corrupt("stack underflow at offset " + (pos - 1));
            return stack.remove(stack.size() - 1);
        }

        private V top() throws Corrupt {
            int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
            if (stack.size() <= floor) throw new Corrupt("stack underflow at offset " + (pos - 1));
            return stack.get(stack.size() - 1);
        }

        /** The items pushed since the last MARK, which is removed (Python's pop_mark). */
        private List<V> popMark() throws Corrupt {
            if (marks.isEmpty()) throw new Corrupt("no MARK before the opcode at offset " + (pos - 1));
            int m = marks.remove(marks.size() - 1);
            List<V> items = new ArrayList<>(stack.subList(m, stack.size()));
            stack.subList(m, stack.size()).clear();
            return items;
        }

        private void memoPut(long idx) throws Corrupt {
            V v = top();
            if (memo.size() < MAX_MEMO) memo.put(idx, v);
            else memoFull = true;
        }

        private V memoGet(long idx) throws Corrupt {
            V v = memo.get(idx);
            if (v != null) return v;
            if (memoFull) return V.ANY;
            throw new Corrupt("memo entry " + idx + " read before it was written");
        }

        /** A call of {@code callable} with {@code args}, as REDUCE, INST, OBJ or NEWOBJ_EX do. */
        private V call(V callable, List<V> args) {
            String g = callable.global();
            if (g == null) {
                // calling something a previous call returned: only an instance's __call__ could do that
                dangerous.add(callable.instanceOf() != null ? callable.instanceOf() + " instance" : "a computed callable");
                return V.ANY;
            }
            if (isDangerous(mod(g), name(g))) {
                dangerous.add(g);
                return V.instance(g, false);
            }
            if (args != null && !args.isEmpty() && (g.startsWith("copyreg ") || g.startsWith("copy_reg "))) {
                // cls.__new__(cls[, args]): a plain instance when cls is not from a gadget module and nothing else is passed
                V cls = args.get(0);
                boolean bare = g.endsWith(" _reconstructor")
                        ? args.size() == 3 && ("builtins object".equals(args.get(1).global()) || "__builtin__ object".equals(args.get(1).global()))
                        : args.size() == 1;
                if (cls.global() != null && isDangerous(mod(cls.global()), name(cls.global()))) {
                    if (bare && !gadgetModule(mod(cls.global()))) return V.instance(cls.global(), true);
                    dangerous.add(cls.global());
                    return V.ANY;
                }
                return cls.global() != null ? V.instance(cls.global(), false) : V.ANY;
            }
            if (args != null) {
                for (V a : args) {
                    if (a.global() != null && isDangerous(mod(a.global()), name(a.global()))) dangerous.add(a.global());
                }
            }
            return V.instance(g, false);
        }

        private V newobj(V cls, V args) {
            String g = cls.global();
            if (g == null) {
                dangerous.add(cls.instanceOf() != null ? cls.instanceOf() + " instance" : "a computed class");
                return V.ANY;
            }
            if (!isDangerous(mod(g), name(g))) return V.instance(g, false);
            if (args.emptyTuple() && !gadgetModule(mod(g))) return V.instance(g, true);
            dangerous.add(g);
            return V.instance(g, false);
        }

        private void build(V obj) {
            if (obj.global() != null) dangerous.add(obj.global()); // state set on a class or function itself
        }

        private static String mod(String g) {
            int sp = g.indexOf(' ');
            return sp < 0 ? g : g.substring(0, sp);
        }

        private static String name(String g) {
            int sp = g.indexOf(' ');
            return sp < 0 ? "" : g.substring(sp + 1);
        }

        private V global(String module, String name) {
            String g = module + " " + name;
            globals.add(g);
            return V.global(g);
        }

        void run() throws IOException, Corrupt {
            while (true) {
                if ((opcodes & 0xFFFF) == 0 && Thread.currentThread().isInterrupted()) throw new Corrupt("the scan was cancelled");
                int op = u1();
                opcodes++;
                switch (op) {
                    case '.': return;
                    case '(': marks.add(stack.size()); break;
                    case '0': {
                        int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
                        if (stack.size() > floor) stack.remove(stack.size() - 1);
                        else popMark();
                        break;
                    }
                    case '1': popMark(); break;
                    case '2': push(top()); break;
                    case 'N': push(V.NONE); break;
                    case 0x88: case 0x89: push(V.ANY); break;
                    case ')': push(V.tuple(List.of())); break;
                    case ']': case '}': case 0x8f: push(V.ANY); break;
                    case 't': push(V.tuple(popMark())); break;
                    case 0x85: { V a = pop(); push(V.tuple(List.of(a))); break; }
                    case 0x86: { V b = pop(), a = pop(); push(V.tuple(List.of(a, b))); break; }
                    case 0x87: { V c = pop(), b = pop(), a = pop(); push(V.tuple(List.of(a, b, c))); break; }
                    case 'l': case 'd': case 0x91: popMark(); push(V.ANY); break;
                    case 'a': pop(); top(); break;
                    case 'e': case 'u': case 0x90: popMark(); top(); break;
                    case 's': pop(); pop(); top(); break;
                    case 'R': {
                        reduces++;
                        V args = pop(), callable = pop();
                        push(call(callable, args.items()));
                        break;
                    }
                    case 'b': {
                        builds++;
                        pop();
                        build(top());
                        break;
                    }
                    case 0x81: { V args = pop(), cls = pop(); push(newobj(cls, args)); break; }
                    case 0x92: {
                        pop(); // keyword arguments: never the default way, so never a plain instance
                        pop();
                        push(newobj(pop(), V.ANY));
                        break;
                    }
                    case 'o': {
                        List<V> items = popMark();
                        if (items.isEmpty()) throw new Corrupt("OBJ without a class at offset " + (pos - 1));
                        push(call(items.get(0), items.subList(1, items.size())));
                        break;
                    }
                    case 'Q': persids++; pop(); push(V.ANY); break;
                    case 'P': line(); persids++; push(V.ANY); break;
                    case 'F': case 'I': case 'L': line(); push(V.ANY); break;
                    case 'S': {
                        String s = line();
                        if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"')) s = s.substring(1, s.length() - 1);
                        push(V.str(s));
                        break;
                    }
                    case 'V': push(V.str(line())); break;
                    case 'J': le(4); push(V.ANY); break;
                    case 'K': le(1); push(V.ANY); break;
                    case 'M': le(2); push(V.ANY); break;
                    case 'G': le(8); push(V.ANY); break;
                    case 0x8a: skip(le(1)); push(V.ANY); break;
                    case 0x8b: { long n = (int) le(4); skip(n); push(V.ANY); break; }
                    case 'T': { long n = (int) le(4); push(V.str(text(n))); break; }
                    case 'U': push(V.str(text(le(1)))); break;
                    case 'X': push(V.str(text(le(4)))); break;
                    case 0x8c: push(V.str(text(le(1)))); break;
                    case 0x8d: push(V.str(text(le(8)))); break;
                    case 'B': skip(le(4)); push(V.ANY); break;
                    case 'C': skip(le(1)); push(V.ANY); break;
                    case 0x8e: case 0x96: skip(le(8)); push(V.ANY); break;
                    case 0x97: push(V.ANY); break;
                    case 0x98: top(); break;
                    case 'c': {
                        String module = line();
                        String name = line();
                        push(global(module, name));
                        break;
                    }
                    case 'i': {
                        String module = line();
                        String name = line();
                        V cls = global(module, name);
                        push(call(cls, popMark()));
                        break;
                    }
                    case 0x93: {
                        V name = pop(), module = pop();
                        push(global(module.str() == null ? "?" : module.str(), name.str() == null ? "?" : name.str()));
                        break;
                    }
                    case 'g': { String s = line(); push(memoGet(parseLong(s))); break; }
                    case 'h': push(memoGet(le(1))); break;
                    case 'j': push(memoGet(le(4))); break;
                    case 'p': memoPut(parseLong(line())); break;
                    case 'q': memoPut(le(1)); break;
                    case 'r': memoPut(le(4)); break;
                    case 0x94: memoPut(memo.size()); break;
                    case 0x80: protocol = u1(); break;
                    case 0x95: {
                        long n = le(8);
                        if (n < 0 || n > size - pos) throw new Corrupt("the pickle is truncated (a frame of " + n + " bytes at offset " + pos + " runs past its end)");
                        break;
                    }
                    case 0x82: push(global("?", "extension " + le(1))); break;
                    case 0x83: push(global("?", "extension " + le(2))); break;
                    case 0x84: push(global("?", "extension " + (int) le(4))); break;
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
