package dev.lethe.query.projection;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A parked event with its record, read back from the topic for a retry. */
public record ParkedRecord(ParkedEvents.Parked parked, ConsumerRecord<String, byte[]> record) {
}
