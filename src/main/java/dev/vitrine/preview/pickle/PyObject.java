package dev.vitrine.preview.pickle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An instance of a Python class that the decoder did not (and will not) build: the class's name,
 * the arguments its constructor or reduce call received, and the state BUILD gave it. Items set
 * through SETITEM(S)/APPEND(S) on such an object (a dict or list subclass) are kept too.
 * Mutable only while the decoder fills it; not thread-safe.
 */
public final class PyObject {
    private final String className;
    private final List<Object> args;
    private Object state;
    private final Map<Object, Object> items = new LinkedHashMap<>();
    private final List<Object> listItems = new ArrayList<>();

    public PyObject(String className, List<Object> args) {
        this.className = className;
        this.args = args == null ? List.of() : args;
    }

    /** "module.Name" as the pickle spells it. */
    public String className() {
        return className;
    }

    /** The short class name ("DataFrame"). */
    public String simpleName() {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? className : className.substring(dot + 1);
    }

    public List<Object> args() {
        return args;
    }

    /** The state set by BUILD ({@code __setstate__} argument or {@code __dict__}), or null. */
    public Object state() {
        return state;
    }

    void setState(Object s) {
        if (state instanceof Map && s instanceof Map) {
            @SuppressWarnings("unchecked") Map<Object, Object> m = (Map<Object, Object>) state;
            m.putAll((Map<?, ?>) s);
        } else {
            state = s;
        }
    }

    public Map<Object, Object> items() {
        return items;
    }

    public List<Object> listItems() {
        return listItems;
    }

    @Override
    public String toString() {
        return className + " instance";
    }
}
