package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

class RecordCipherTest {

    private static final byte[] CANARY = "{\"name\":\"Canary Qx7v\"}".getBytes(StandardCharsets.UTF_8);
    private final DataKey key = new DataKey("lethe:ingress:2026-12-07", "6d2f4a51-8c0e-4f7b-b1a3-2e9d5c7f0a64",
            HexFormat.of().parseHex("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"));
    private final DataKey otherKey = new DataKey("lethe:ingress:2026-12-08", "7d2f4a51-8c0e-4f7b-b1a3-2e9d5c7f0a64",
            HexFormat.of().parseHex("303132333435363738393a3b3c3d3e3f202122232425262728292a2b2c2d2e2f"));

    @Test
    void aSealedRecordOpensOnlyWithItsKeyAndContext() throws Exception {
        byte[] sealed = RecordCipher.seal(key, CANARY, "lethe.commands", "2", "41");

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("Canary");
        assertThat(RecordCipher.open(key, sealed, "lethe.commands", "2", "41")).isEqualTo(CANARY);
        assertThatThrownBy(() -> RecordCipher.open(key, sealed, "lethe.commands", "2", "42"))
                .isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> RecordCipher.open(otherKey, sealed, "lethe.commands", "2", "41"))
                .isInstanceOf(AEADBadTagException.class);
        // the context is length-prefixed: moving a boundary is another context
        assertThatThrownBy(() -> RecordCipher.open(key, sealed, "lethe.commands2", "", "41"))
                .isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void digestsAreKeyed() {
        assertThat(RecordCipher.digest(key, "webshop:c-1042")).isEqualTo(RecordCipher.digest(key, "webshop:c-1042"))
                .hasSize(64)
                .isNotEqualTo(RecordCipher.digest(otherKey, "webshop:c-1042"))
                .isNotEqualTo(RecordCipher.digest(key, "webshop:c-1043"));
    }
}
