package dev.lethe.command.ingress.transport;

import dev.lethe.command.ingress.IngressProperties;
import dev.lethe.command.ingress.PolicyProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The topics the ingress consumes. Kafka does not tell a consumer who produced a record, so a source is
 * authenticated by where it may write: each source gets its own topic, broker ACLs let only its principal write
 * there, and an envelope on it must name that source (docs/kafka-security.md).
 */
@Component("ingressTopics")
public class IngressTopics {

    private final List<String> names = new ArrayList<>();
    private final Map<String, String> sourceByTopic = new LinkedHashMap<>();

    IngressTopics(LetheTopics topics, PolicyProperties policy, IngressProperties ingress) {
        if (ingress.sharedTopic()) {
            names.add(topics.commands());
        }
        if (ingress.sourceTopics()) {
            policy.sources().keySet().stream().sorted().forEach(source ->
                    sourceByTopic.put(topicFor(topics.commands(), source), source));
            names.addAll(sourceByTopic.keySet());
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("lethe.ingress: shared-topic is off and source-topics too; "
                    + "the service would consume no commands");
        }
    }

    static String topicFor(String commandsTopic, String source) {
        return commandsTopic + ".source." + source;
    }

    /** For the listener: every topic to consume. */
    public String[] names() {
        return names.toArray(String[]::new);
    }

    /** The per-source topics, to be created beside the shared one. */
    public List<String> sourceTopics() {
        return List.copyOf(sourceByTopic.keySet());
    }

    /** The source a topic belongs to, or null for the shared topic. */
    String sourceOf(String topic) {
        return sourceByTopic.get(topic);
    }
}
