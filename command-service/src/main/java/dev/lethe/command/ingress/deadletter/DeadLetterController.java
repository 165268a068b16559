package dev.lethe.command.ingress.deadletter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators (role {@code OPERATOR}, as all of {@code /api/operations/**}) read a dead letter in clear while its
 * ingress key lives: {@code GET /api/operations/dead-letters/{partition}/{offset}} of {@code lethe.commands.dlq}. The
 * answer carries what a producer sent, so it is never cached.
 */
@RestController
@RequestMapping("/api/operations/dead-letters")
class DeadLetterController {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterController.class);

    private final DeadLetterReader reader;

    DeadLetterController(DeadLetterReader reader) {
        this.reader = reader;
    }

    @GetMapping("/{partition}/{offset}")
    ResponseEntity<DeadLetterReader.Opened> read(@PathVariable int partition, @PathVariable long offset) {
        DeadLetterReader.Opened opened = reader.read(partition, offset);
        LOG.info("An operator opened the dead letter {}-{}@{}", opened.topic(), partition, offset);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(opened);
    }

    record Error(String code, String message) {
    }

    @ExceptionHandler(DeadLetterException.class)
    ResponseEntity<Error> unreadable(DeadLetterException unreadable) {
        HttpStatus status = switch (unreadable.code()) {
            case "DEAD_LETTER_NOT_FOUND" -> HttpStatus.NOT_FOUND;
            case "INGRESS_KEY_DESTROYED" -> HttpStatus.GONE;
            default -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        return ResponseEntity.status(status).body(new Error(unreadable.code(), unreadable.getMessage()));
    }
}
