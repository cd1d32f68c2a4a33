package dev.vitrine.app;

import dev.vitrine.cli.Sources;
import dev.vitrine.ui.artifacts.TaskViewModel;
import dev.vitrine.ui.browser.BrowserViewModel;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.Messages;
import dev.vitrine.ui.preview.PreviewViewModel;
import dev.vitrine.ui.shell.MainViewModel;
import dev.vitrine.ui.shell.MainWindow;
import dev.vitrine.ui.shell.ServerAccess;
import dev.vitrine.ui.shell.StoragePanels;
import dev.vitrine.ui.shell.Theme;
import dev.vitrine.workspace.demo.DemoWorkspace;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JavaFX application: builds the ViewModels and the main window from the services the
 * composition root made, then opens the requested workspace in the background.
 */
public final class VitrineApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(VitrineApp.class);
    private static Services services;
    private static Sources sources;

    private ExecutorService background;
    private Wiring wiring;

    static void launch(Services s, Sources src) {
        services = s;
        sources = src;
        Application.launch(VitrineApp.class);
    }

    /** The window and its ViewModel, built from the services; also used by UI tests with their own executors. */
    public record Wiring(MainViewModel vm, MainWindow window) {}

    public static Wiring wire(Services services, Async async, java.util.function.Consumer<java.nio.file.Path> openFolder) {
        return wire(services, async, openFolder, uri -> {});
    }

    public static Wiring wire(Services services, Async async, java.util.function.Consumer<java.nio.file.Path> openFolder,
                              java.util.function.Consumer<String> openUri) {
        BrowserViewModel browser = new BrowserViewModel(async);
        TaskViewModel task = new TaskViewModel(async);
        // storage follows the server opened last, so ask the services each time
        PreviewViewModel preview = new PreviewViewModel(async, (loc, hash) -> services.localCopies().localCopy(loc, hash),
                services.previewers(), services.transfers(), services::cache, services.downloadDiagnosis());
        MainViewModel vm = new MainViewModel(async, new WindowWorkspaces(DemoWorkspace::open), browser, task, preview, services.uploader(),
                (loc, hash) -> services.localCopies().localCopy(loc, hash), services.downloads(), services.transfers(), services.downloadDiagnosis());
        ServerAccess servers = new ServerAccess() {
            @Override
            public java.util.List<String> profiles() {
                return services.profiles().list().stream().map(dev.vitrine.config.Profile::name).toList();
            }

            @Override
            public dev.vitrine.workspace.Workspace open(String profile) {
                return services.openWorkspace(new Sources(profile, java.util.List.of(), false));
            }

            @Override
            public dev.vitrine.ui.connect.ConnectViewModel newConnect() {
                return new dev.vitrine.ui.connect.ConnectViewModel(async, services.profiles(),
                        c -> dev.vitrine.clearml.ClearmlClient.builder(c).build(), services::openServer);
            }
        };
        StoragePanels panels = new StoragePanels() {
            @Override
            public javafx.scene.Parent transfers() {
                return transfers(() -> { });
            }

            @Override
            public javafx.scene.Parent transfers(Runnable checkSetup) {
                return new dev.vitrine.ui.transfers.TransfersView(new dev.vitrine.ui.transfers.TransfersViewModel(services.transfers(), async, openFolder,
                        services.downloadDiagnosis()), checkSetup);
            }

            @Override
            public javafx.scene.Parent cache() {
                return new dev.vitrine.ui.cache.CacheView(new dev.vitrine.ui.cache.CacheViewModel(services.cache(), async, openFolder));
            }

            @Override
            public javafx.scene.Parent doctor() {
                return new dev.vitrine.ui.doctor.DoctorView(new dev.vitrine.ui.doctor.DoctorViewModel(async, services::currentDoctor));
            }

            @Override
            public dev.vitrine.ui.importer.ImportViewModel importer() {
                return new dev.vitrine.ui.importer.ImportViewModel(async, new SessionImportService(services));
            }
        };
        MainWindow window = new MainWindow(vm, dev.vitrine.ui.preview.standard.StandardViewers.create(), async, openFolder, servers, openUri, panels);
        dev.vitrine.ui.samples.SamplesTab.attach(window.taskView(), task, new dev.vitrine.ui.samples.SamplesViewModel(async,
                services::samples, s -> services.sampleFiles().fetch(s)), openUri, browser.selectedTasks());
        return new Wiring(vm, window);
    }

    @Override
    public void start(Stage stage) {
        if (services == null) services = Services.create();
        if (sources == null) sources = new Sources(null, java.util.List.of(), false);
        background = services.executors().fixed("worker", Math.max(4, Runtime.getRuntime().availableProcessors() * 2));
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> LOG.error("Uncaught on {}", t.getName(), e));
        Async async = Async.onFxThread(background);

        Wiring w = wiring = wire(services, async, dir -> getHostServices().showDocument(dir.toUri().toString()),
                uri -> getHostServices().showDocument(uri));
        MainViewModel vm = w.vm();
        MainWindow window = w.window();

        Scene scene = new Scene(window, 1440, 900);
        // the theme is remembered between runs; -Dvitrine.theme=dark|light overrides it
        java.util.prefs.Preferences prefs = java.util.prefs.Preferences.userNodeForPackage(VitrineApp.class);
        String forced = System.getProperty("vitrine.theme");
        vm.darkProperty().set(forced != null ? forced.equals("dark") : prefs.getBoolean("dark", false));
        Theme.apply(scene, vm.darkProperty().get());
        vm.darkProperty().addListener((o, a, dark) -> {
            Theme.apply(scene, dark);
            prefs.putBoolean("dark", dark);
        });
        stage.setTitle("Vitrine");
        var icon = VitrineApp.class.getResourceAsStream("/dev/vitrine/ui/icon.png");
        if (icon != null) stage.getIcons().add(new Image(icon));
        stage.setScene(scene);
        dev.vitrine.ui.common.CutTextTooltips.installEverywhere();
        window.navigator().rememberColumns(prefs.node("task-columns"));
        window.rememberPanes(prefs.node("panes"));
        MainWindow.keepUsable(stage);
        stage.show();

        Sources src = sources;
        vm.report("Opening…");
        async.run(() -> {
            try {
                return new Opened(services.openWorkspace(src), null);
            } catch (dev.vitrine.workspace.WorkspaceException e) {
                if (!src.isDefault()) throw e;
                // no server configured, or it cannot be reached: the demo, and the reason in the status bar
                return new Opened(DemoWorkspace.open(), e.getMessage());
            }
        }, opened -> {
            vm.addWorkspace(opened.workspace());
            if (opened.why() != null) vm.report(opened.why() + " · showing the demo");
        }, e -> vm.report(Messages.of(e)));
        if (Boolean.getBoolean("vitrine.startupProbe")) StartupProbe.install(stage, vm);
    }

    private record Opened(dev.vitrine.workspace.Workspace workspace, String why) {}

    /** Releases what the window opened: the shown preview, the workspaces, the storage; then the workers. */
    @Override
    public void stop() {
        if (wiring != null) {
            wiring.vm().preview().show(null);
            wiring.vm().task().show(null, null);
            for (var ws : wiring.vm().browser().workspaces()) {
                try {
                    ws.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing {}", ws.displayName(), e);
                }
            }
        }
        if (services != null) services.close(); // its executors, the workers included, stop last
    }

}
