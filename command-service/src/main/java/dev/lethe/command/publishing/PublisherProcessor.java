package dev.lethe.command.publishing;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The publisher's tracking processor, declared here rather than through {@code axon.eventhandling.processors}
 * for one setting Axon's properties do not offer: the token is stored when the batch commits, after the broker
 * acknowledged it ({@code storingTokensAfterProcessing}), never before processing. Axon's default with a
 * transaction manager stores it first and relies on the rollback to undo it; stating the order makes "the
 * position moves only after the acknowledgement" true by construction, not by a default.
 *
 * <p>Single-threaded, one segment: {@code lethe.events} keeps each customer's order only if one sender publishes
 * in store order. A new processor starts at the beginning of the store (Axon's default initial token), so a
 * deleted token republishes everything (docs/backup-restore.md).
 */
@Configuration(proxyBeanMethods = false)
class PublisherProcessor {

    @Bean
    ConfigurerModule eventPublisherProcessor(@Value("${lethe.publishing.batch-size:100}") int batchSize) {
        return configurer -> configurer.eventProcessing().registerEventProcessor(EventPublisher.PROCESSING_GROUP,
                (name, configuration, handlers) -> {
                    EventProcessingConfiguration processing = configuration.eventProcessingConfiguration();
                    return TrackingEventProcessor.builder()
                            .name(name)
                            .eventHandlerInvoker(handlers)
                            .messageSource(configuration.eventStore())
                            .tokenStore(processing.tokenStore(name))
                            .transactionManager(processing.transactionManager(name))
                            .storingTokensAfterProcessing()
                            .rollbackConfiguration(processing.rollbackConfiguration(name))
                            .errorHandler(processing.errorHandler(name))
                            .messageMonitor(processing.messageMonitor(TrackingEventProcessor.class, name))
                            .spanFactory(configuration.getComponent(EventProcessorSpanFactory.class))
                            .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration
                                    .forSingleThreadedProcessing().andBatchSize(batchSize))
                            .build();
                });
    }
}
