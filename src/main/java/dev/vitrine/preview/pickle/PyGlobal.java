package dev.vitrine.preview.pickle;

/** A class or function a pickle names (GLOBAL / STACK_GLOBAL): only its name, never resolved to code. */
public record PyGlobal(String module, String name) {
    public String qualified() {
        return module + "." + name;
    }

    @Override
    public String toString() {
        return "<" + qualified() + ">";
    }
}
