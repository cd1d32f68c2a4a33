package dev.vitrine.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.nio.file.Path;

/**
 * Logging as Vitrine ships it: warnings and errors of libraries, info of ours, to
 * {@code ~/.cache/vitrine/vitrine.log} ({@code -Dvitrine.logdir} moves it), never to the CLI's
 * stdout. Configured in code rather than by a logback.xml because reading XML loads about 600
 * classes (a SAX parser and logback's Joran model) before the window's first frame. An explicit
 * configuration still wins: {@code -Dlogback.configurationFile} or a logback-test.xml on the
 * class path (the tests' one) hands over to logback's own XML configurator.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        toFile(context, logFile());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Info and above to {@code log}; the chattiest libraries at warnings only. */
    static void toFile(LoggerContext context, Path log) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();

        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(log.toString());
        file.setEncoder(encoder);
        file.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(file);
        for (String noisy : new String[] {"org.apache.arrow", "io.netty", "software.amazon", "okhttp3"}) {
            context.getLogger(noisy).setLevel(Level.WARN);
        }
    }

    static Path logFile() {
        String dir = System.getProperty("vitrine.logdir");
        Path folder = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".cache", "vitrine");
        return folder.resolve("vitrine.log");
    }
}
