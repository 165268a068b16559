package dev.lethe.command.compliance;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the record of processing (GDPR Art. 30) needs beyond the enforced configuration.
 *
 * @param controller     the controller named in the record (default {@code not configured})
 * @param eventConsumers the consumer groups that read {@code lethe.events}, each with what it builds from it
 *                       (default: the query service's groups,
 *                       {@code lethe-query-customer-view} and {@code lethe-query-audit})
 */
@ConfigurationProperties("lethe.processing-record")
record ProcessingRecordProperties(@DefaultValue("not configured") String controller,
                                         Map<String, String> eventConsumers) {

    public ProcessingRecordProperties {
        eventConsumers = eventConsumers == null ? Map.of() : Map.copyOf(eventConsumers);
    }
}
