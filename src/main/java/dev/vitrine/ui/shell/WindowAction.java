package dev.vitrine.ui.shell;

import javafx.beans.property.BooleanProperty;

/**
 * One command of the main window, the single source its menu item, toolbar button and line of the
 * F1 shortcut sheet are made from ({@link WindowActions}).
 *
 * @param menu        the menu it appears in ("_File", "_Edit", ...)
 * @param group       actions of one menu are separated where the group changes
 * @param label       the menu text; the toolbar tip and the shortcut sheet use it too
 * @param accelerator a {@link javafx.scene.input.KeyCombination} text, or null
 * @param icon        an Ikonli icon code for the toolbar, or null when the action has no button
 * @param toolbarEnd  the button sits at the right end of the toolbar
 * @param selected    for an on/off action (a check item), its state; null for a plain command
 * @param handler     what it does (on the FX thread)
 */
public record WindowAction(String menu, int group, String label, String accelerator, String icon, boolean toolbarEnd,
                           BooleanProperty selected, Runnable handler) {

    public static WindowAction of(String menu, int group, String label, String accelerator, Runnable handler) {
        return new WindowAction(menu, group, label, accelerator, null, false, null, handler);
    }

    /** The same action with a toolbar button. */
    public WindowAction withButton(String iconCode, boolean atEnd) {
        return new WindowAction(menu, group, label, accelerator, iconCode, atEnd, selected, handler);
    }

    /** The same action as an on/off check item bound to {@code state}. */
    public WindowAction toggling(BooleanProperty state) {
        return new WindowAction(menu, group, label, accelerator, icon, toolbarEnd, state, handler);
    }
}
