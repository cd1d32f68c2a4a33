package dev.vitrine.preview.pickle;

import java.util.List;

/**
 * What a static walk over a pickle's opcodes found, without running or building anything (the
 * fields of the corpus manifest's {@code pickle_scan}).
 *
 * @param protocol       the PROTO opcode's argument, or null for protocols 0/1
 * @param opcodes        opcodes up to and including STOP
 * @param globals        "module name" of every GLOBAL, INST and STACK_GLOBAL, first occurrence order
 * @param dangerous      the globals that can run code (os.system, builtins.eval, subprocess, ...)
 * @param error          why the walk stopped early (truncated, unknown opcode), or null when it reached STOP
 */
public record PickleScan(Integer protocol, long opcodes, long reduceOps, long buildOps, long persistentIds,
                         List<String> globals, List<String> dangerous, String error) {

    public PickleScan {
        globals = List.copyOf(globals);
        dangerous = List.copyOf(dangerous);
    }

    public boolean referencesCodeExecution() {
        return !dangerous.isEmpty();
    }

    public boolean complete() {
        return error == null;
    }

    /** What the pickle holds, judged from its globals: "pandas DataFrame", "numpy ndarray", ... or null. */
    public String describes() {
        for (String g : globals) {
            if (g.equals("pandas.core.frame DataFrame")) return "pandas DataFrame";
            if (g.equals("pandas.core.series Series")) return "pandas Series";
        }
        for (String g : globals) {
            if (g.startsWith("numpy") && (g.endsWith(" ndarray") || g.endsWith(" _reconstruct"))) return "numpy ndarray";
            if (g.startsWith("torch._utils _rebuild_tensor")) return "torch tensors";
        }
        List<String> own = globals.stream().filter(g -> !(g.startsWith("builtins ") || g.startsWith("__builtin__ ")
                || g.startsWith("collections ") || g.startsWith("copyreg ") || g.startsWith("copy_reg ") || g.startsWith("_codecs "))).toList();
        if (own.size() == 1) {
            String g = own.get(0);
            return g.substring(g.indexOf(' ') + 1) + " instance (module " + g.substring(0, g.indexOf(' ')) + ")";
        }
        return null;
    }
}
