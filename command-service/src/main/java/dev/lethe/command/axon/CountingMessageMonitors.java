package dev.lethe.command.axon;

import java.util.List;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.Configurer;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MessageCountingMonitor;
import org.axonframework.micrometer.MetricsConfigurerModule;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitor;

/**
 * Axon's message monitors as counters only: {@code <component>.ingestedCounter}, {@code .successCounter},
 * {@code .failureCounter}, {@code .processedCounter}, {@code .ignoredCounter} for the command bus, the event bus and
 * each event processor, under the names Axon's own module gives them.
 *
 * <p>Axon's module adds to each of them four timers that publish six client-side percentiles (a histogram per timer,
 * recorded on every message) and a capacity gauge fed by a sliding-window reservoir (a sorted map entry per message):
 * ~9 % of the command service's CPU for figures that the command → result latency measured at the ingress already
 * gives. A bean of this type replaces Axon's ({@code MicrometerMetricsAutoConfiguration} backs off).
 */
final class CountingMessageMonitors extends MetricsConfigurerModule {

    private static final List<Class<?>> COUNTED = List.of(CommandBus.class, EventBus.class, EventProcessor.class);

    private final GlobalMetricRegistry metrics;

    CountingMessageMonitors(GlobalMetricRegistry metrics) {
        super(metrics);
        this.metrics = metrics;
    }

    @Override
    public void configureModule(Configurer configurer) {
        configurer.configureMessageMonitor(configuration -> this::monitor);
    }

    private MessageMonitor<Message<?>> monitor(Class<?> componentType, String componentName) {
        boolean counted = COUNTED.stream().anyMatch(type -> type.isAssignableFrom(componentType));
        return counted ? MessageCountingMonitor.buildMonitor(componentName, metrics.getRegistry())
                : NoOpMessageMonitor.instance();
    }
}
