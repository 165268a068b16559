package dev.lethe.chaos;

import dev.lethe.chaos.Observations.PartitionLag;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The lag of every consumer group of the platform on every partition of the topics it reads ({@code lethe.*}):
 * the partition's end offset minus the group's committed offset (a partition never committed counts from 0).
 * A partition still behind once the platform has had time to drain is a stuck partition.
 */
final class ConsumerLag implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 10;

    private final Admin admin;

    ConsumerLag(String bootstrapServers) {
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000",
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000"));
    }

    List<PartitionLag> lags() throws ExecutionException, InterruptedException, TimeoutException {
        Collection<GroupListing> groups = get(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all());
        Set<String> groupIds = new TreeSet<>();
        groups.forEach(group -> groupIds.add(group.groupId()));
        if (groupIds.isEmpty()) {
            return List.of();
        }
        Map<String, ConsumerGroupDescription> descriptions = get(admin.describeConsumerGroups(groupIds).all());
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
        Map<String, Set<String>> topicsByGroup = new HashMap<>();
        for (String group : groupIds) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
            committed.put(group, offsets);
            Set<String> topics = topicsByGroup.computeIfAbsent(group, id -> new TreeSet<>());
            offsets.keySet().forEach(partition -> topics.add(partition.topic()));
            descriptions.get(group).members().forEach(member ->
                    member.assignment().topicPartitions().forEach(partition -> topics.add(partition.topic())));
            topics.removeIf(topic -> !topic.startsWith("lethe."));
        }
        Set<String> allTopics = new HashSet<>();
        topicsByGroup.values().forEach(allTopics::addAll);
        if (allTopics.isEmpty()) {
            return List.of();
        }
        Map<String, TopicDescription> topics = get(admin.describeTopics(allTopics).allTopicNames());
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        topics.values().forEach(topic -> topic.partitions().forEach(partition ->
                latest.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> end = new HashMap<>();
        get(admin.listOffsets(latest).all()).forEach((partition, info) -> end.put(partition, info.offset()));
        List<PartitionLag> lags = new ArrayList<>();
        for (String group : groupIds) {
            for (String topic : topicsByGroup.get(group)) {
                for (var partition : topics.get(topic).partitions()) {
                    TopicPartition key = new TopicPartition(topic, partition.partition());
                    OffsetAndMetadata offset = committed.get(group).get(key);
                    long lag = end.getOrDefault(key, 0L) - (offset == null ? 0 : offset.offset());
                    lags.add(new PartitionLag(group, topic, partition.partition(), Math.max(0, lag)));
                }
            }
        }
        return lags;
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future)
            throws ExecutionException, InterruptedException, TimeoutException {
        return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
