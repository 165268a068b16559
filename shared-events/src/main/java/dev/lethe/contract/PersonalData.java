package dev.lethe.contract;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component of an event as personal data of the event's data subject.
 *
 * <p>The component is encrypted with the subject's own data key when the event is stored, and reads
 * back as {@link Personal#erased()} once that key has been destroyed. Such components must be of type
 * {@link Personal}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface PersonalData {
}
