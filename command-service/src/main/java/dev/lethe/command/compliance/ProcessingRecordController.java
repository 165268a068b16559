package dev.lethe.command.compliance;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/compliance/processing-record} ({@code COMPLIANCE_OFFICER}): JSON by default, Markdown for
 * {@code Accept: text/markdown} or {@code ?format=md}; {@code ?format=json} forces JSON.
 */
@RestController
class ProcessingRecordController {

    static final MediaType MARKDOWN = new MediaType("text", "markdown", StandardCharsets.UTF_8);

    private final ProcessingRecords records;

    ProcessingRecordController(ProcessingRecords records) {
        this.records = records;
    }

    @GetMapping("/api/compliance/processing-record")
    ResponseEntity<?> processingRecord(@RequestParam(name = "format", required = false) String format,
                                       @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        if (format != null && !format.equals("md") && !format.equals("json")) {
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(Map.of(
                    "code", "INVALID_FORMAT", "field", "format", "message", "format must be md or json"));
        }
        boolean markdown = format != null ? format.equals("md")
                : accept != null && accept.toLowerCase(Locale.ROOT).contains("text/markdown");
        ProcessingRecord record = records.current();
        if (markdown) {
            return ResponseEntity.ok().contentType(MARKDOWN).body(ProcessingRecordMarkdown.render(record));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(record);
    }
}
