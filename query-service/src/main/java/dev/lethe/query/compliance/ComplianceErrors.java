package dev.lethe.query.compliance;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Errors of the compliance API as {@code {code, field?, message}}. */
@RestControllerAdvice(basePackageClasses = ComplianceErrors.class)
class ComplianceErrors {

    @ExceptionHandler(ComplianceException.class)
    ResponseEntity<Map<String, String>> refused(ComplianceException e) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("code", e.code());
        if (e.field() != null) {
            body.put("field", e.field());
        }
        body.put("message", e.getMessage());
        return ResponseEntity.status(e.status()).cacheControl(CacheControl.noStore()).body(body);
    }
}
