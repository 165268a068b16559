package dev.lethe.command.ingress;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * What each source system may send and what each purpose may store (data minimisation, GDPR Art. 5(1)(c)).
 *
 * @param purposes per processing purpose, the personal fields it may store: any of {@code name, email,
 *                 phone, postalAddress, birthDate}. A command carrying another personal field for that
 *                 purpose is rejected as a whole ({@code FIELD_NOT_PERMITTED_FOR_PURPOSE}). No default:
 *                 a purpose not listed here is unknown ({@code UNKNOWN_PURPOSE}).
 * @param sources  per source system, the purposes and command types it may send; anything else is rejected
 *                 with {@code SOURCE_NOT_AUTHORISED}. No default: an unlisted source may send nothing.
 */
@Validated
@ConfigurationProperties("lethe.policy")
public record PolicyProperties(
        @NotNull @Valid Map<String, PurposeRule> purposes,
        @NotNull @Valid Map<String, SourceRule> sources) {

    public PolicyProperties {
        purposes = purposes == null ? Map.of() : Map.copyOf(purposes);
        sources = sources == null ? Map.of() : Map.copyOf(sources);
    }

    /** @param fields the personal fields this purpose may store */
    public record PurposeRule(Set<String> fields) {
        public PurposeRule {
            fields = fields == null ? Set.of() : Set.copyOf(fields);
        }
    }

    /**
     * @param purposes the purposes this source may send commands for
     * @param commands the command types this source may send
     */
    public record SourceRule(Set<String> purposes, Set<String> commands) {
        public SourceRule {
            purposes = purposes == null ? Set.of() : Set.copyOf(purposes);
            commands = commands == null ? Set.of() : Set.copyOf(commands);
        }
    }
}
