package dev.vitrine.ui.doctor;

import dev.vitrine.doctor.Check;
import dev.vitrine.doctor.SetupDoctor;
import dev.vitrine.ui.common.Async;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.function.Supplier;

/**
 * Help › Check setup…: runs the setup doctor in the background and shows each check as it
 * finishes. One run at a time; a new run replaces the rows.
 */
public final class DoctorViewModel {

    private final Async async;
    private final Supplier<SetupDoctor> doctors;
    private final ObservableList<Check> rows = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("Checks the configuration, the server and every storage entry.");
    private Async.Handle current;
    /** Rows of an earlier, replaced run are dropped when they arrive late. */
    private int generation;

    public DoctorViewModel(Async async, Supplier<SetupDoctor> doctors) {
        this.async = async;
        this.doctors = doctors;
    }

    // ---- state ----

    public ObservableList<Check> rows() {
        return rows;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    // ---- commands ----

    /** Runs every check; with {@code probe} also writes and deletes a small object in each storage. */
    public void check(boolean probe) {
        if (current != null) current.cancel();
        rows.clear();
        running.set(true);
        summary.set(probe ? "Checking, writing a probe object to each storage…" : "Checking…");
        int gen = ++generation;
        current = async.run(() -> {
            SetupDoctor doctor = doctors.get();
            return new Run(doctor.profile(), doctor.run(probe, c -> async.ui().execute(() -> {
                if (gen == generation) rows.add(c);
            })));
        }, run -> {
            SetupDoctor.Report report = run.report();
            running.set(false);
            for (String e : report.errors()) rows.add(0, new Check("config", e.substring(0, Math.max(0, e.indexOf(": "))), "clearml.conf", false,
                    e.substring(e.indexOf(": ") + 2), "fix the syntax at that line"));
            if (report.server() != null) rows.add(0, report.server());
            long failed = rows.stream().filter(c -> !c.ok()).count();
            summary.set((report.allOk() ? "All " + rows.size() + " checks passed" : failed + " of " + rows.size() + " checks failed")
                    + " (profile " + run.profile() + ").");
        }, error -> {
            running.set(false);
            summary.set("The check itself failed: " + Async.unwrap(error).getMessage());
        });
    }

    /** One run's result and the profile it checked. */
    private record Run(String profile, SetupDoctor.Report report) {}

    public void cancel() {
        generation++;
        if (current != null) current.cancel();
        running.set(false);
        summary.set("Cancelled.");
    }
}
