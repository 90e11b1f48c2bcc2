package io.overlaywatch.jobs.security;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

import java.io.StringWriter;
import java.util.Map;

/**
 * Everything log4j logs, down to DEBUG, while it is open, kept in memory instead of printed; the root logger's
 * appenders and level come back on close.
 */
final class CapturedLogs implements AutoCloseable {

    private final StringWriter text = new StringWriter();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final LoggerConfig root = context.getConfiguration().getRootLogger();
    private final Level level = root.getLevel();
    private final Map<String, Appender> appenders = Map.copyOf(root.getAppenders());
    private final Appender capture;

    CapturedLogs() {
        capture = WriterAppender.newBuilder().setName("captured").setTarget(text)
                .setLayout(PatternLayout.newBuilder().withPattern("%-5level %c - %msg%n%throwable").build()).build();
        capture.start();
        appenders.keySet().forEach(root::removeAppender);
        root.addAppender(capture, Level.DEBUG, null);
        root.setLevel(Level.DEBUG);
        context.updateLoggers();
    }

    /** What was logged so far. */
    String text() {
        synchronized (text) {
            return text.toString();
        }
    }

    @Override
    public void close() {
        root.removeAppender(capture.getName());
        appenders.values().forEach(a -> root.addAppender(a, null, null));
        root.setLevel(level);
        context.updateLoggers();
        capture.stop();
    }
}
