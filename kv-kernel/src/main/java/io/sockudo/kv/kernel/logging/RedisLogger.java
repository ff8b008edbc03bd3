package io.sockudo.kv.kernel.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * An SLF4J logger writing {@link RedisLog} lines: ERROR and WARN are Redis's warnings ({@code #}),
 * INFO its notices ({@code *}), DEBUG its verbose lines ({@code -}), TRACE its debug lines ({@code .}).
 */
final class RedisLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    RedisLogger(String name) {
        this.name = name;
    }

    private static RedisLog.Level map(Level level) {
        return switch (level) {
            case ERROR, WARN -> RedisLog.Level.WARNING;
            case INFO -> RedisLog.Level.NOTICE;
            case DEBUG -> RedisLog.Level.VERBOSE;
            case TRACE -> RedisLog.Level.DEBUG;
        };
    }

    @Override
    public boolean isTraceEnabled() {
        return RedisLog.enabled(RedisLog.Level.DEBUG);
    }

    @Override
    public boolean isDebugEnabled() {
        return RedisLog.enabled(RedisLog.Level.VERBOSE);
    }

    @Override
    public boolean isInfoEnabled() {
        return RedisLog.enabled(RedisLog.Level.NOTICE);
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                               Throwable throwable) {
        String message = MessageFormatter.basicArrayFormat(pattern, args);
        RedisLog.log(map(level), message, throwable);
    }
}
