package dev.lethe.query.customerview;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Counts, on the threads of one listener (by thread-name prefix), the SQL statements (each batch item counts), the
 * round trips (an execute or an executeBatch) and the transactions (a commit, or a statement in autocommit) that
 * pass through the application's {@link DataSource}, for the cost harness. A JDK proxy, so that nothing but the
 * counting changes.
 */
final class StatementCounter implements BeanPostProcessor {

    final AtomicLong statements = new AtomicLong();
    final AtomicLong roundTrips = new AtomicLong();
    final AtomicLong transactions = new AtomicLong();
    private final String threadPrefix;

    StatementCounter(String threadPrefix) {
        this.threadPrefix = threadPrefix;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && "dataSource".equals(beanName)) {
            return proxy(DataSource.class, dataSource, (target, method, args) -> {
                Object result = invoke(target, method, args);
                return result instanceof Connection connection ? connection(connection) : result;
            });
        }
        return bean;
    }

    String snapshot() {
        return statements.get() + " statements, " + roundTrips.get() + " round trips, " + transactions.get()
                + " transactions";
    }

    long[] values() {
        return new long[] {statements.get(), roundTrips.get(), transactions.get()};
    }

    private Connection connection(Connection connection) {
        return proxy(Connection.class, connection, (target, method, args) -> {
            if (counted() && method.getName().equals("commit")) {
                transactions.incrementAndGet();
            }
            Object result = invoke(target, method, args);
            if (result instanceof Statement statement) {
                Class<? extends Statement> type = statement instanceof java.sql.PreparedStatement
                        ? java.sql.PreparedStatement.class : Statement.class;
                return statement(type, statement, connection);
            }
            return result;
        });
    }

    private <S extends Statement> S statement(Class<S> type, Statement statement, Connection connection) {
        return proxy(type, type.cast(statement), (target, method, args) -> {
            String name = method.getName();
            if (counted()) {
                if (name.equals("addBatch")) {
                    statements.incrementAndGet();
                } else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
                    roundTrips.incrementAndGet();
                    autocommit(connection);
                } else if (name.startsWith("execute")) {
                    statements.incrementAndGet();
                    roundTrips.incrementAndGet();
                    autocommit(connection);
                }
            }
            return invoke(target, method, args);
        });
    }

    private void autocommit(Connection connection) throws java.sql.SQLException {
        if (connection.getAutoCommit()) {
            transactions.incrementAndGet();
        }
    }

    private boolean counted() {
        return Thread.currentThread().getName().startsWith(threadPrefix);
    }

    private interface Handler {
        Object handle(Object target, Method method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, Handler handler) {
        InvocationHandler invocation = (proxy, method, args) -> handler.handle(target, method, args);
        return (T) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] {type}, invocation);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
