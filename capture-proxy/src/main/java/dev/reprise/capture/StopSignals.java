package dev.reprise.capture;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;

/**
 * SIGTERM and SIGINT start a graceful stop on the main thread, instead of a shutdown hook racing
 * the JVM's exit: the journal is flushed and closed before the process ends, with exit code 0.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported) is reached reflectively: javac's warning for
 * a proprietary API has no lint key to suppress it, and main code compiles with {@code -Werror}.
 */
final class StopSignals {
    private StopSignals() {
    }

    static CountDownLatch install() {
        CountDownLatch stop = new CountDownLatch(1);
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            InvocationHandler countDown = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    stop.countDown();
                }
                return null;
            };
            Object h = Proxy.newProxyInstance(StopSignals.class.getClassLoader(), new Class<?>[]{handler}, countDown);
            for (String name : new String[]{"TERM", "INT"}) {
                try {
                    Object s = signal.getConstructor(String.class).newInstance(name);
                    signal.getMethod("handle", signal, handler).invoke(null, s, h);
                } catch (ReflectiveOperationException | IllegalArgumentException e) {
                    // a signal this platform does not have, or one the JVM keeps for itself
                }
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("this JVM has no sun.misc.Signal (module jdk.unsupported); cannot stop on SIGTERM", e);
        }
        return stop;
    }
}
