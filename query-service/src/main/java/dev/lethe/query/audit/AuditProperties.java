package dev.lethe.query.audit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The audit trail's settings.
 *
 * @param checkpoint how and when the chain head is signed
 */
@Validated
@ConfigurationProperties("lethe.audit")
record AuditProperties(@NotNull @Valid Checkpoint checkpoint) {

    /**
     * @param privateKey         Ed25519 private key, base64 of its PKCS#8 encoding (no default: the service refuses
     *                           to start without one; the local profile carries a well-known demo pair)
     * @param publicKey          the matching public key, base64 of its X.509 encoding; published with every export
     * @param retiredPublicKeys  public keys of earlier checkpoint keys, so checkpoints they signed still verify
     *                           after a rotation (default none)
     * @param everyEntries       sign the head whenever the sequence reaches a multiple of this (default 100)
     * @param interval           also sign the head this often if it moved since the last checkpoint (default 5 minutes)
     */
    public record Checkpoint(
            @NotBlank String privateKey,
            @NotBlank String publicKey,
            @DefaultValue List<String> retiredPublicKeys,
            @DefaultValue("100") @Min(1) int everyEntries,
            @DefaultValue("PT5M") @NotNull Duration interval) {

        /** Never prints key material. */
        @Override
        public String toString() {
            return "Checkpoint[everyEntries=" + everyEntries + ", interval=" + interval + ", retiredKeys="
                    + retiredPublicKeys.size() + "]";
        }
    }
}
