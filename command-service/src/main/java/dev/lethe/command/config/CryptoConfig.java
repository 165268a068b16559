package dev.lethe.command.config;

import dev.lethe.command.transaction.SpringTransactionBinding;
import dev.lethe.shredding.ErasureListener;
import dev.lethe.shredding.JdbcKeyVault;
import dev.lethe.shredding.KeyEncryptionKeys;
import dev.lethe.shredding.KeyVault;
import dev.lethe.shredding.kek.KekBackend;
import dev.lethe.shredding.kek.KekBackends;
import dev.lethe.shredding.kek.KekEpochs;
import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The KEK backend, the epochs, and the key vault. The command service owns the vault: it imports configured KEKs
 * into the keyring and opens the first epoch; the current epoch in the database decides which KEK wraps new keys.
 */
@Configuration(proxyBeanMethods = false)
class CryptoConfig {

    @Bean
    KekBackend kekBackend(CryptoProperties properties, Clock clock) {
        CryptoProperties.Kek kek = properties.kek();
        CryptoProperties.Pkcs11 p11 = kek.pkcs11();
        return KekBackends.open(kek.backend(), kek.keyring(), kek.keyringRecheck(),
                KeyEncryptionKeys.decode(kek.keys()),
                new KekBackends.Pkcs11Settings(p11.library(), p11.slot(), p11.slotListIndex(), p11.pin()), clock);
    }

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

    @Bean
    KeyVault keyVault(DataSource dataSource, KeyEncryptionKeys keks, CryptoProperties properties) {
        return new JdbcKeyVault(dataSource, keks, properties.dataKeyCacheTtl(), JdbcKeyVault.DEFAULT_CACHE_SIZE,
                new SpringTransactionBinding(dataSource));
    }

    /** Every instance drops a person's key from its cache as soon as the erasure commits anywhere. */
    @Bean(initMethod = "start", destroyMethod = "close")
    ErasureListener erasureListener(DataSource dataSource, KeyVault keyVault) {
        return new ErasureListener(dataSource, keyVault);
    }
}
