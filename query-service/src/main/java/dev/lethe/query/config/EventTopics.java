package dev.lethe.query.config;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** @param events the topic the command service publishes stored events to (default {@code lethe.events}) */
@Validated
@ConfigurationProperties("lethe.topics")
public record EventTopics(@NotBlank String events) {
}
