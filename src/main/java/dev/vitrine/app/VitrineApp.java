package dev.vitrine.app;

import dev.vitrine.cli.Sources;
import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application: builds the main window from the services the composition root made. */
public final class VitrineApp extends Application {

    private static Services services;
    private static Sources sources;

    static void launch(Services s, Sources src) {
        services = s;
        sources = src;
        Application.launch(VitrineApp.class);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("Vitrine");
        stage.show();
    }
}
