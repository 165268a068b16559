package dev.lethe.command.axon;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.junit.jupiter.api.Test;

class CountingMessageMonitorsTest {

    @Test
    void countsEveryCommandWithoutTimersOrCapacityGauges() {
        MeterRegistry registry = new SimpleMeterRegistry();
        Configuration axon = axonWith(registry);
        try {
            axon.commandBus().subscribe(String.class.getName(), command -> "handled");
            for (int i = 0; i < 3; i++) {
                axon.commandGateway().sendAndWait(GenericCommandMessage.asCommandMessage("command " + i));
            }

            assertThat(registry.get("commandBus.ingestedCounter").counter().count()).isEqualTo(3);
            assertThat(registry.get("commandBus.successCounter").counter().count()).isEqualTo(3);
            assertThat(registry.getMeters()).extracting(meter -> meter.getId().getType())
                    .containsOnly(Meter.Type.COUNTER);
        } finally {
            axon.shutdown();
        }
    }

    @Test
    void aFailedCommandIsCountedAsAFailure() {
        MeterRegistry registry = new SimpleMeterRegistry();
        Configuration axon = axonWith(registry);
        try {
            axon.commandBus().subscribe(String.class.getName(), command -> {
                throw new IllegalStateException("refused");
            });
            axon.commandGateway().send(GenericCommandMessage.asCommandMessage("command"));

            assertThat(registry.get("commandBus.failureCounter").counter().count()).isEqualTo(1);
            assertThat(registry.get("commandBus.successCounter").counter().count()).isZero();
        } finally {
            axon.shutdown();
        }
    }

    private static Configuration axonWith(MeterRegistry registry) {
        Configurer configurer = DefaultConfigurer.defaultConfiguration(false)
                .configureEmbeddedEventStore(configuration -> new InMemoryEventStorageEngine());
        new CountingMessageMonitors(new GlobalMetricRegistry(registry)).configureModule(configurer);
        Configuration axon = configurer.buildConfiguration();
        axon.start();
        return axon;
    }
}
