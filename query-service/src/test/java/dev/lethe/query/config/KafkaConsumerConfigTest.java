package dev.lethe.query.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

class KafkaConsumerConfigTest {

    @Test
    void aRetriedFailureIsDescribedByItsCausesAndSqlStateNeverByTheirMessages() {
        var failure = new DataIntegrityViolationException("Key (email)=(erika@example.org) is not present",
                new SQLException("Key (email)=(erika@example.org) is not present", "23503"));

        String description = KafkaConsumerConfig.describe(failure);

        assertThat(description).isEqualTo("org.springframework.dao.DataIntegrityViolationException"
                + " <- java.sql.SQLException[SQLState 23503]");
        assertThat(description).doesNotContain("erika");
    }
}
