package dev.lethe.command.keys;

import dev.lethe.command.transaction.SpringTransactionBinding;
import dev.lethe.shredding.KeyEncryptionKeys;
import dev.lethe.shredding.TransactionBinding;
import dev.lethe.shredding.kek.KekBackend;
import dev.lethe.shredding.kek.KekBackends;
import dev.lethe.shredding.kek.KekEpochs;
import dev.lethe.support.crypto.CryptoProperties;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What only the vault's owner does; the KEK backend and the key vault itself come from service-support. The command
 * service imports configured KEKs into the keyring and opens the first epoch; the current epoch in the database
 * decides which KEK wraps new keys.
 */
@Configuration(proxyBeanMethods = false)
class KeyVaultConfig {

    @Bean
    @DependsOnDatabaseInitialization
    KekEpochs kekEpochs(DataSource dataSource) {
        return new KekEpochs(dataSource);
    }

    @Bean
    @DependsOnDatabaseInitialization
    KeyEncryptionKeys keyEncryptionKeys(KekBackend backend, KekEpochs epochs, CryptoProperties properties) {
        CryptoProperties.Kek kek = properties.kek();
        Map<String, byte[]> configured = KeyEncryptionKeys.decode(kek.keys());
        if (kek.importConfigured()) {
            KekBackends.importConfigured(backend, configured, epochs.destroyedIds());
        }
        // refuses a current KEK the backend does not hold, naming ids only, never key material
        return KeyEncryptionKeys.on(backend, epochs.openFirst(backend, kek.currentId()));
    }

    /** The vault joins the transaction of the command being handled, so a new key commits with its events. */
    @Bean
    TransactionBinding keyVaultTransactions(DataSource dataSource) {
        return new SpringTransactionBinding(dataSource);
    }
}
