package dev.lethe.shredding;

import dev.lethe.localstack.TestInfrastructure;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/** A fresh PostgreSQL database with the key-vault migration applied the way the services apply it. */
final class VaultDatabase {

    private VaultDatabase() {
    }

    static DataSource create() {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(infrastructure.createDatabase("vault"));
        dataSource.setUser(infrastructure.username());
        dataSource.setPassword(infrastructure.password());
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/lethe-key-vault")
                .load()
                .migrate();
        return dataSource;
    }
}
