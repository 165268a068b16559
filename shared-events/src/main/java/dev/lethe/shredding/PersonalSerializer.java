package dev.lethe.shredding;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.lethe.contract.Personal;
import java.io.IOException;

final class PersonalSerializer extends StdSerializer<Personal<?>> {

    @SuppressWarnings({"unchecked", "rawtypes"})
    PersonalSerializer() {
        super((Class) Personal.class);
    }

    @Override
    public void serialize(Personal<?> personal, JsonGenerator generator, SerializerProvider provider)
            throws IOException {
        if (personal.isErased()) {
            generator.writeStartObject();
            generator.writeBooleanField(PersonalDataModule.ERASED_MARKER, true);
            generator.writeEndObject();
        } else if (generator instanceof SealingGenerator sealing && sealing.sealsCurrentValue()) {
            sealing.seal(personal.value(), provider);
        } else {
            provider.defaultSerializeValue(personal.value(), generator);
        }
    }
}
