package dev.lethe.shredding.kek;

import dev.lethe.shredding.KeyVaultException;

/** No KEK has this id in the backend: it was never created there, or it was destroyed. Names the id only. */
public class UnknownKekException extends KeyVaultException {

    private final String kekId;

    public UnknownKekException(String kekId, String backend) {
        super("key-encryption key '" + kekId + "' does not exist in the " + backend
                + " backend (destroyed, or never created there)");
        this.kekId = kekId;
    }

    public String kekId() {
        return kekId;
    }
}
