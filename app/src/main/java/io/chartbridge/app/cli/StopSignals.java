package io.chartbridge.app.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Ctrl-C (SIGINT) and SIGTERM as events the run handles while the JVM keeps running, instead of JVM shutdown hooks.
 *
 * <p>Why not a shutdown hook: once the JVM shuts down, every hook runs at once, and H2's own hook closes the embedded
 * ledger while the stopping run still writes its end (the run was not marked INTERRUPTED and no summary was printed).
 * H2 refuses {@code DB_CLOSE_ON_EXIT=FALSE} beside the {@code AUTO_SERVER} the default ledger needs, so the run must
 * stop before shutdown begins. The JDK's only API for that is {@code sun.misc.Signal} (module jdk.unsupported, exported
 * to all); it is reached by reflection so that the build stays free of internal-API warnings, and where it is missing
 * the caller falls back to a shutdown hook. A second signal while stopping exits at once, as users expect of Ctrl-C.
 */
final class StopSignals implements AutoCloseable {

    private static final String[] SIGNALS = {"INT", "TERM"};

    private final AtomicInteger received = new AtomicInteger();
    private final Map<Object, Object> previous = new LinkedHashMap<>();
    private Class<?> signalClass;
    private Class<?> handlerClass;

    private StopSignals() {
    }

    /**
     * Installs handlers for SIGINT and SIGTERM; the first signal calls {@code onFirst} with its number on a thread of
     * its own, a second one exits the JVM with 128 + its number. Null when this JVM offers no signal handling.
     */
    static StopSignals install(IntConsumer onFirst) {
        StopSignals signals = new StopSignals();
        try {
            signals.signalClass = Class.forName("sun.misc.Signal");
            signals.handlerClass = Class.forName("sun.misc.SignalHandler");
            Method getNumber = signals.signalClass.getMethod("getNumber");
            InvocationHandler onSignal = (proxy, method, args) -> {
                if (method.getDeclaringClass() == Object.class) {
                    return switch (method.getName()) {
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "chartbridge stop signal handler";
                    };
                }
                int number = (Integer) getNumber.invoke(args[0]);
                if (signals.received.compareAndSet(0, number)) {
                    Thread stop = new Thread(() -> onFirst.accept(number), "chartbridge-stop");
                    stop.setDaemon(true);
                    stop.start();
                } else {
                    System.exit(128 + number);
                }
                return null;
            };
            Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(),
                    new Class<?>[] {signals.handlerClass}, onSignal);
            Method handle = signals.signalClass.getMethod("handle", signals.signalClass, signals.handlerClass);
            for (String name : SIGNALS) {
                Object signal = signals.signalClass.getConstructor(String.class).newInstance(name);
                signals.previous.put(signal, handle.invoke(null, signal, handler));
            }
            return signals;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            signals.close();
            return null;
        }
    }

    /** The number of the first signal received (2 for SIGINT, 15 for SIGTERM), or 0. */
    int received() {
        return received.get();
    }

    /** Gives the signals back to the handlers they had before (the JVM's: exit on SIGINT and SIGTERM). */
    @Override
    public void close() {
        if (signalClass == null || previous.isEmpty()) {
            return;
        }
        try {
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            for (Map.Entry<Object, Object> e : previous.entrySet()) {
                handle.invoke(null, e.getKey(), e.getValue());
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // The JVM's default handlers stay replaced; the process ends right after this anyway.
        }
        previous.clear();
    }
}
