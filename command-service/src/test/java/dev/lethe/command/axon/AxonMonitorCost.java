package dev.lethe.command.axon;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MetricsConfigurerModule;

/**
 * CPU per 1,000 commands through Axon's gateway (each handler publishing one event, as a registration does) with no
 * message monitors, with axon-micrometer's own module and with {@link CountingMessageMonitors}, on the Prometheus
 * registry the service uses; interleaved rounds on one thread. Not part of the build (no *Test / *IT name): run with
 * {@code java -cp <test class path> dev.lethe.command.axon.AxonMonitorCost}; the figures go into docs/performance.md.
 */
final class AxonMonitorCost {

    private static final int WARM_UP = 50_000;
    private static final int COMMANDS = 100_000;
    private static final int ROUNDS = 3;

    private AxonMonitorCost() {
    }

    public static void main(String[] args) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int round = 1; round <= ROUNDS; round++) {
            for (String monitors : new String[] {"none", "axon-micrometer", "counters"}) {
                Configuration axon = axon(monitors);
                try {
                    send(axon, WARM_UP);
                    long cpu = os.getProcessCpuTime();
                    long wall = System.nanoTime();
                    send(axon, COMMANDS);
                    double cpuMs = (os.getProcessCpuTime() - cpu) / 1e6 / (COMMANDS / 1_000.0);
                    double wallMs = (System.nanoTime() - wall) / 1e6 / (COMMANDS / 1_000.0);
                    System.out.printf("round %d %-16s CPU %6.1f ms / 1,000 commands  wall %6.1f ms / 1,000%n",
                            round, monitors, cpuMs, wallMs);
                } finally {
                    axon.shutdown();
                }
            }
        }
    }

    private static void send(Configuration axon, int commands) {
        for (int i = 0; i < commands; i++) {
            axon.commandGateway().sendAndWait(GenericCommandMessage.asCommandMessage("command"));
        }
    }

    private static Configuration axon(String monitors) {
        Configurer configurer = DefaultConfigurer.defaultConfiguration(false)
                .configureEmbeddedEventStore(configuration -> new InMemoryEventStorageEngine());
        GlobalMetricRegistry metrics = new GlobalMetricRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        switch (monitors) {
            case "axon-micrometer" -> new MetricsConfigurerModule(metrics).configureModule(configurer);
            case "counters" -> new CountingMessageMonitors(metrics).configureModule(configurer);
            default -> { }
        }
        Configuration axon = configurer.buildConfiguration();
        axon.start();
        axon.commandBus().subscribe(String.class.getName(), command -> {
            axon.eventBus().publish(GenericEventMessage.asEventMessage("event"));
            return null;
        });
        return axon;
    }
}
