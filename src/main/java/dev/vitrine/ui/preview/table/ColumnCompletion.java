package dev.vitrine.ui.preview.table;

import javafx.scene.control.TextField;
import javafx.util.StringConverter;
import org.controlsfx.control.textfield.AutoCompletionBinding;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Completes column names in a SQL expression as it is typed: ControlsFX's completion popup, offered
 * for the word at the caret (not the whole text, as its TextField binding does), never inside a
 * 'string'. Picking a name replaces that word, quoted when SQL needs it.
 */
final class ColumnCompletion extends AutoCompletionBinding<String> {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private final TextField field;
    private boolean edited, completing;

    /** @param names the column names; read off the FX thread, so an immutable list */
    ColumnCompletion(TextField field, Supplier<List<String>> names) {
        super(field, request -> suggestions(request.getUserText(), names.get()), new StringConverter<>() {
            @Override
            public String toString(String s) {
                return s;
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        this.field = field;
        setVisibleRowCount(8);
        field.textProperty().addListener((o, a, b) -> edited = !completing);
        // the caret moves after the text changes: the word at the caret is known only then
        field.caretPositionProperty().addListener((o, a, b) -> {
            if (!edited || !field.isFocused()) return;
            edited = false;
            setUserInput(wordAtCaret());
        });
    }

    static List<String> suggestions(String word, List<String> names) {
        if (word == null || word.isEmpty()) return List.of();
        String w = word.toLowerCase(Locale.ROOT);
        return names.stream().filter(n -> {
            String l = n.toLowerCase(Locale.ROOT);
            return l.startsWith(w) && !l.equals(w);
        }).limit(50).toList();
    }

    /** The identifier being typed before the caret, or "" (after a space, an operator, or inside a string). */
    private String wordAtCaret() {
        String t = field.getText();
        int caret = Math.min(field.getCaretPosition(), t.length());
        int start = wordStart(t, caret);
        if (t.substring(0, start).chars().filter(c -> c == '\'').count() % 2 == 1) return "";
        return t.substring(start, caret);
    }

    private static int wordStart(String t, int caret) {
        int i = caret;
        while (i > 0 && (Character.isLetterOrDigit(t.charAt(i - 1)) || t.charAt(i - 1) == '_')) i--;
        return i;
    }

    @Override
    protected void completeUserInput(String column) {
        String t = field.getText();
        int caret = Math.min(field.getCaretPosition(), t.length());
        int start = wordStart(t, caret);
        String name = PLAIN.matcher(column).matches() ? column : "\"" + column.replace("\"", "\"\"") + "\"";
        completing = true;
        try {
            field.replaceText(start, caret, name);
            field.positionCaret(start + name.length());
        } finally {
            completing = false;
        }
        hidePopup();
    }

    @Override
    public void dispose() {
        hidePopup();
    }
}
