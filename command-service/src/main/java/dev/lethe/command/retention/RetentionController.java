package dev.lethe.command.retention;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators run a sweep now ({@code OPERATOR}, see the security config); 409 when another one is running. */
@RestController
class RetentionController {

    private final RetentionSweeper sweeper;

    RetentionController(RetentionSweeper sweeper) {
        this.sweeper = sweeper;
    }

    @PostMapping("/api/operations/retention/sweep")
    ResponseEntity<SweepReport> sweepNow() {
        SweepReport report = sweeper.sweep("OPERATOR");
        return "SKIPPED".equals(report.status()) ? ResponseEntity.status(409).body(report) : ResponseEntity.ok(report);
    }
}
