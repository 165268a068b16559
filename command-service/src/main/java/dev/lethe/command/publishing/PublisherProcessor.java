package dev.lethe.command.publishing;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The publisher's tracking processor, declared here rather than through {@code axon.eventhandling.processors}:
 * its position may only move once the broker acknowledged the batch, and that takes two settings.
 * <ul>
 * <li>A real transaction around each batch. Axon's Spring transaction manager is not created under Boot 4 (its
 * auto-configuration waits for Boot 3's transaction auto-configuration by name and finds no transaction manager
 * yet), so Axon falls back to none: every statement of a batch committed on its own, the token included, and a
 * batch the broker did not acknowledge had already moved the token past its events. That lost events after a
 * broker crash. Here the batch runs in a Spring transaction: the token, stored in it, commits only after the
 * acknowledgements ({@link EventPublisher}) and rolls back with a failed batch, which is then retried from its
 * first event.</li>
 * <li>The token stored when the batch commits ({@code storingTokensAfterProcessing}), not before processing;
 * with the transaction either would be undone on failure, stating it makes the order explicit.</li>
 * </ul>
 *
 * <p>Single-threaded, one segment: {@code lethe.events} keeps each customer's order only if one sender publishes
 * in store order. A new processor starts at the beginning of the store (Axon's default initial token), so a
 * deleted token republishes everything (docs/backup-restore.md).
 */
@Configuration(proxyBeanMethods = false)
class PublisherProcessor {

    @Bean
    ConfigurerModule eventPublisherProcessor(@Value("${lethe.publishing.batch-size:100}") int batchSize,
                                             PlatformTransactionManager transactions) {
        TransactionManager batchTransactions = new SpringTransactionManager(transactions);
        return configurer -> configurer.eventProcessing().registerEventProcessor(EventPublisher.PROCESSING_GROUP,
                (name, configuration, handlers) -> {
                    EventProcessingConfiguration processing = configuration.eventProcessingConfiguration();
                    return TrackingEventProcessor.builder()
                            .name(name)
                            .eventHandlerInvoker(handlers)
                            .messageSource(configuration.eventStore())
                            .tokenStore(processing.tokenStore(name))
                            .transactionManager(batchTransactions)
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
