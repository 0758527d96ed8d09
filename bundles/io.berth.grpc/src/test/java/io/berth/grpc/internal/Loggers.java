package io.berth.grpc.internal;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.log.Logger;

/** A Logger that records what it is told, for tests that run without the OSGi log service. */
final class Loggers {
    private Loggers() {
    }

    static Logger recording(List<String> lines, boolean debug) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isDebugEnabled", "isTraceEnabled" -> debug;
                    case "isInfoEnabled", "isWarnEnabled", "isErrorEnabled" -> true;
                    case "getName" -> "test";
                    case "trace", "debug", "info", "warn", "error", "audit" -> {
                        lines.add(method.getName() + " " + (args == null ? "" : String.valueOf(args[0])));
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "recording logger";
                    default -> null;
                });
    }

    static List<String> lines() {
        return new CopyOnWriteArrayList<>();
    }
}
