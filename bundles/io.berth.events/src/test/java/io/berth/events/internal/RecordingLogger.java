package io.berth.events.internal;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.log.Logger;

/** An OSGi logger that keeps each warning's format and arguments as one line. */
final class RecordingLogger {
    final List<String> warnings = new CopyOnWriteArrayList<>();
    final Logger logger = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, args) -> {
                if (method.getName().equals("warn") && args != null) {
                    StringBuilder line = new StringBuilder(String.valueOf(args[0]));
                    for (int i = 1; i < args.length; i++) {
                        line.append(' ').append(args[i] instanceof Object[] more ? List.of(more) : args[i]);
                    }
                    warnings.add(line.toString());
                }
                return method.getReturnType() == boolean.class ? Boolean.FALSE : null;
            });
}
