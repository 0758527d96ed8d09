package io.berth.services;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Consumer;

import org.osgi.service.log.Logger;

/** OSGi loggers for services run by tests without the log service; no level counts as enabled. */
public final class TestLoggers {
    private TestLoggers() {
    }

    /** A logger that says nothing. */
    public static Logger silent() {
        return recordingErrors(line -> { });
    }

    /** A logger that passes on each error as one line, its format then its arguments, and drops the rest. */
    public static Logger recordingErrors(Consumer<String> errors) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("error") && args != null) {
                        StringBuilder line = new StringBuilder();
                        for (Object arg : args) {
                            line.append(arg instanceof Object[] more ? List.of(more) : arg).append(' ');
                        }
                        errors.accept(line.toString().strip());
                    }
                    return method.getReturnType() == boolean.class ? Boolean.FALSE : null;
                });
    }
}
