package dev.lethe.shredding;

import dev.lethe.contract.Personal;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an event record's subject id and personal values straight from the record, for the streaming encryption:
 * it needs the subject's key before (or while) Jackson writes the fields, whatever their order, and checks
 * afterwards that every personal value it was given was sealed.
 */
final class PersonalAccessors {

    private static final ClassValue<PersonalAccessors> CACHE = new ClassValue<>() {
        @Override
        protected PersonalAccessors computeValue(Class<?> type) {
            return new PersonalAccessors(PersonalFields.of(type));
        }
    };

    private final Method subjectId;
    private final List<Method> personal;

    private PersonalAccessors(PersonalFields fields) {
        Method subject = null;
        List<Method> values = new ArrayList<>();
        if (fields.hasPersonalData()) {
            for (RecordComponent component : fields.type().getRecordComponents()) {
                String name = PersonalFields.jsonName(component);
                if (name.equals(fields.requiredSubjectIdField())) {
                    subject = handle(component);
                } else if (fields.personalFields().contains(name)) {
                    values.add(handle(component));
                }
            }
        }
        this.subjectId = subject;
        this.personal = List.copyOf(values);
    }

    static PersonalAccessors of(Class<?> type) {
        return CACHE.get(type);
    }

    /** The event's subject id as it is written (a UUID as its text); null when absent. */
    String subjectId(Object event) {
        Object id = invoke(subjectId, event);
        return id == null ? null : id.toString();
    }

    /** How many personal values the event holds that are to be encrypted: neither absent nor erased. */
    int valuesToSeal(Object event) {
        int count = 0;
        for (Method accessor : personal) {
            if (invoke(accessor, event) instanceof Personal<?> value && !value.isErased()) {
                count++;
            }
        }
        return count;
    }

    private static Method handle(RecordComponent component) {
        Method accessor = component.getAccessor();
        // a record declared non-public (in a test, say) is still Jackson's to write; read it the way Jackson does
        accessor.trySetAccessible();
        return accessor;
    }

    private static Object invoke(Method accessor, Object event) {
        try {
            return accessor.invoke(event);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("the accessor " + accessor.getName() + " cannot be called", e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("the accessor " + accessor.getName() + " failed", e.getCause());
        }
    }
}
