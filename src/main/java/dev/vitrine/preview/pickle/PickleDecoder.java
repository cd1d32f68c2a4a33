package dev.vitrine.preview.pickle;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Decodes a pickle into plain Java values with Pyrolite, executing nothing: every GLOBAL becomes a
 * {@link PyGlobal} name, every REDUCE/NEWOBJ/INST/OBJ a {@link PyObject} recording the class name,
 * its arguments and its state (a few containers, such as OrderedDict and set, become Java
 * collections). Dicts keep their order (LinkedHashMap). Python values: None=null, bool, Integer/
 * Long/BigInteger, Double, String, byte[], ArrayList (list), Object[] (tuple), LinkedHashMap, sets.
 * Hooks let the checkpoint reader turn torch's calls and persistent ids into its own values.
 * One instance per load; not thread-safe. Callers scan first and refuse dangerous pickles; the
 * decoder itself would still only record names.
 */
public class PickleDecoder extends Unpickler {

    /** A call the pickle asks for: the named callable and its arguments; return null for the default. */
    public record Call(PyGlobal callable, Object[] args) {}

    private final Function<Call, Object> calls;
    private final Function<Object, Object> persistent;

    public PickleDecoder() {
        this(c -> null, pid -> new PyObject("persistent_id", List.of(pid)));
    }

    public PickleDecoder(Function<Call, Object> calls, Function<Object, Object> persistent) {
        this.calls = calls;
        this.persistent = persistent;
    }

    /** Decodes a whole pickle held in memory. */
    public Object decode(byte[] pickle) throws IOException {
        try {
            return load(new ByteArrayInputStream(pickle));
        } catch (PickleException e) {
            throw new IOException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException("corrupt pickle: " + e, e);
        } finally {
            close();
        }
    }

    @Override
    protected Object persistentLoad(Object pid) {
        return persistent.apply(pid);
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case 'c': {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(new PyGlobal(module, name));
                return NO_RETURN_VALUE;
            }
            case 0x93: {
                Object name = stack.pop();
                Object module = stack.pop();
                stack.add(new PyGlobal(String.valueOf(module), String.valueOf(name)));
                return NO_RETURN_VALUE;
            }
            case 'i': {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                List<Object> args = stack.pop_all_since_marker();
                stack.add(call(new PyGlobal(module, name), args.toArray()));
                return NO_RETURN_VALUE;
            }
            case 'o': {
                List<Object> all = stack.pop_all_since_marker();
                if (all.isEmpty()) throw new PickleException("OBJ without a class");
                stack.add(call(all.get(0), all.subList(1, all.size()).toArray()));
                return NO_RETURN_VALUE;
            }
            case 'R': {
                Object args = stack.pop();
                Object callable = stack.pop();
                stack.add(call(callable, asArray(args)));
                return NO_RETURN_VALUE;
            }
            case 0x81: {
                Object args = stack.pop();
                Object cls = stack.pop();
                stack.add(new PyObject(nameOf(cls), new ArrayList<>(Arrays.asList(asArray(args)))));
                return NO_RETURN_VALUE;
            }
            case 0x92: {
                Object kwargs = stack.pop();
                Object args = stack.pop();
                Object cls = stack.pop();
                List<Object> a = new ArrayList<>(Arrays.asList(asArray(args)));
                if (kwargs instanceof Map && !((Map<?, ?>) kwargs).isEmpty()) a.add(kwargs);
                stack.add(new PyObject(nameOf(cls), a));
                return NO_RETURN_VALUE;
            }
            case 'b': {
                Object state = stack.pop();
                Object inst = stack.peek();
                if (inst instanceof PyObject) ((PyObject) inst).setState(state);
                else if (inst instanceof Map && state instanceof Map) putAll(inst, (Map<?, ?>) state);
                return NO_RETURN_VALUE;
            }
            case '}':
                stack.add(new LinkedHashMap<Object, Object>());
                return NO_RETURN_VALUE;
            case 'd': {
                List<Object> kv = stack.pop_all_since_marker();
                Map<Object, Object> m = new LinkedHashMap<>();
                for (int i = 0; i + 1 < kv.size(); i += 2) m.put(hashable(kv.get(i)), kv.get(i + 1));
                stack.add(m);
                return NO_RETURN_VALUE;
            }
            case 's': {
                Object value = stack.pop();
                Object k = stack.pop();
                put(stack.peek(), k, value);
                return NO_RETURN_VALUE;
            }
            case 'u': {
                List<Object> kv = stack.pop_all_since_marker();
                Object target = stack.peek();
                for (int i = 0; i + 1 < kv.size(); i += 2) put(target, kv.get(i), kv.get(i + 1));
                return NO_RETURN_VALUE;
            }
            case 'a': {
                Object v = stack.pop();
                append(stack.peek(), List.of(v == null ? NULL : v));
                return NO_RETURN_VALUE;
            }
            case 'e': {
                List<Object> vs = stack.pop_all_since_marker();
                append(stack.peek(), vs);
                return NO_RETURN_VALUE;
            }
            case 0x8f:
                stack.add(new LinkedHashSet<Object>());
                return NO_RETURN_VALUE;
            case 0x82: case 0x83: case 0x84:
                throw new PickleException("the pickle uses the copyreg extension registry, which is not supported");
            default:
                return super.dispatch(key);
        }
    }

    private static final Object NULL = new Object();

    @SuppressWarnings("unchecked")
    private static void append(Object target, List<Object> values) {
        List<Object> vs = new ArrayList<>();
        for (Object v : values) vs.add(v == NULL ? null : v);
        if (target instanceof List) ((List<Object>) target).addAll(vs);
        else if (target instanceof PyObject) ((PyObject) target).listItems().addAll(vs);
        else if (target instanceof Collection) ((Collection<Object>) target).addAll(vs);
        else throw new PickleException("APPEND to a " + (target == null ? "None" : target.getClass().getSimpleName()));
    }

    @SuppressWarnings("unchecked")
    private static void put(Object target, Object k, Object v) {
        if (target instanceof Map) ((Map<Object, Object>) target).put(hashable(k), v);
        else if (target instanceof PyObject) ((PyObject) target).items().put(hashable(k), v);
        else throw new PickleException("SETITEM on a " + (target == null ? "None" : target.getClass().getSimpleName()));
    }

    @SuppressWarnings("unchecked")
    private static void putAll(Object target, Map<?, ?> m) {
        for (Map.Entry<?, ?> e : m.entrySet()) ((Map<Object, Object>) target).put(e.getKey(), e.getValue());
    }

    /** Tuples (Object[]) as dict keys compare by content. */
    private static Object hashable(Object k) {
        return k instanceof Object[] ? List.of(Arrays.stream((Object[]) k).map(x -> x == null ? "None" : x).toArray()) : k;
    }

    private static Object[] asArray(Object args) {
        if (args instanceof Object[]) return (Object[]) args;
        if (args == null) return new Object[0];
        if (args instanceof List) return ((List<?>) args).toArray();
        return new Object[] {args};
    }

    private static String nameOf(Object cls) {
        if (cls instanceof PyGlobal) return ((PyGlobal) cls).qualified();
        if (cls instanceof PyObject) return ((PyObject) cls).className();
        return cls == null ? "None" : cls.getClass().getSimpleName();
    }

    private Object call(Object callable, Object[] args) {
        if (callable instanceof PyGlobal) {
            PyGlobal g = (PyGlobal) callable;
            Object hooked = calls.apply(new Call(g, args));
            if (hooked != null) return hooked;
            switch (g.qualified()) {
                case "collections.OrderedDict": {
                    Map<Object, Object> m = new LinkedHashMap<>();
                    if (args.length > 0 && args[0] instanceof List) {
                        for (Object pair : (List<?>) args[0]) {
                            Object[] p = asArray(pair);
                            if (p.length == 2) m.put(hashable(p[0]), p[1]);
                        }
                    }
                    return m;
                }
                case "builtins.set": case "__builtin__.set": case "builtins.frozenset": case "__builtin__.frozenset": {
                    LinkedHashSet<Object> s = new LinkedHashSet<>();
                    if (args.length > 0 && args[0] instanceof Collection) s.addAll((Collection<?>) args[0]);
                    return s;
                }
                case "copy_reg._reconstructor": case "copyreg._reconstructor":
                    return new PyObject(args.length > 0 ? nameOf(args[0]) : "object", new ArrayList<>());
                case "copyreg.__newobj__": case "copy_reg.__newobj__":
                    return new PyObject(args.length > 0 ? nameOf(args[0]) : "object",
                            args.length > 1 ? new ArrayList<>(Arrays.asList(args).subList(1, args.length)) : new ArrayList<>());
                case "numpy.core.multiarray._reconstruct": case "numpy._core.multiarray._reconstruct":
                    return new PyObject(args.length > 0 ? nameOf(args[0]) : "numpy.ndarray", new ArrayList<>(Arrays.asList(args).subList(1, args.length)));
                default:
                    return new PyObject(g.qualified(), new ArrayList<>(Arrays.asList(args)));
            }
        }
        if (callable instanceof IObjectConstructor) return ((IObjectConstructor) callable).construct(args);
        return new PyObject("call of " + nameOf(callable), new ArrayList<>(Arrays.asList(args)));
    }
}
