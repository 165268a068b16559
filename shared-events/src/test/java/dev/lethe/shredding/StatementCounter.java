package dev.lethe.shredding;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** Counts the statements prepared on the connections of a data source: round trips a caller made. */
final class StatementCounter {

    private final AtomicInteger prepared = new AtomicInteger();
    private final DataSource dataSource;

    StatementCounter(DataSource target) {
        this.dataSource = proxy(DataSource.class, target,
                (method, result) -> result instanceof Connection connection ? counting(connection) : result);
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** @return the statements prepared since the last call */
    int take() {
        return prepared.getAndSet(0);
    }

    /** Wraps {@code connection}, counting its statements too (a caller's transaction). */
    Connection counting(Connection connection) {
        return proxy(Connection.class, connection, (method, value) -> {
            if (method.getName().equals("prepareStatement")) {
                prepared.incrementAndGet();
            }
            return value;
        });
    }

    private interface AfterCall {
        Object apply(java.lang.reflect.Method method, Object result);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, AfterCall after) {
        return (T) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    try {
                        return after.apply(method, method.invoke(target, args));
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
