package dev.lethe.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabasesTest {

    @Test
    void replacesOnlyTheDatabaseOfAJdbcUrl() {
        assertThat(Databases.withDatabase("jdbc:postgresql://localhost:15432/lethe", "query_1"))
                .isEqualTo("jdbc:postgresql://localhost:15432/query_1");
        assertThat(Databases.withDatabase("jdbc:postgresql://db.example:5432/test?loggerLevel=OFF&ssl=true", "x"))
                .isEqualTo("jdbc:postgresql://db.example:5432/x?loggerLevel=OFF&ssl=true");
    }

    @Test
    void refusesNamesThatWouldNeedQuotingOrInjectSql() {
        assertThatThrownBy(() -> Databases.ensureExists("jdbc:postgresql://localhost:1/postgres", "u", "p", "a\"; DROP"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
