package org.tidings.audit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.web.ApiException;

/** Administrators read the audit log and export it (SecurityConfig admits only them here). */
@RestController
class AuditController {

    private static final int MAX_PAGE = 200;

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    record Page(List<AuditLog.Entry> entries, boolean hasMore) {}

    @GetMapping("/api/admin/audit")
    Page page(@RequestParam(defaultValue = "0") long before, @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_PAGE || before < 0) {
            throw ApiException.badRequest("invalid_parameter", "limit is 1–" + MAX_PAGE + " and before a positive id");
        }
        List<AuditLog.Entry> entries = audit.page(before, limit + 1);
        boolean more = entries.size() > limit;
        return new Page(more ? entries.subList(0, limit) : entries, more);
    }

    /** The whole log as CSV (RFC 4180), oldest first. */
    @GetMapping("/api/admin/audit.csv")
    ResponseEntity<byte[]> export() {
        StringBuilder csv = new StringBuilder("id,at,actor_id,actor,action,target_type,target_id,reason\r\n");
        audit.each(entry -> csv.append(entry.id())
                .append(',')
                .append(entry.at())
                .append(',')
                .append(entry.actor().id())
                .append(',')
                .append(field(entry.actor().username()))
                .append(',')
                .append(field(entry.action()))
                .append(',')
                .append(field(entry.targetType()))
                .append(',')
                .append(entry.targetId() == null ? "" : entry.targetId())
                .append(',')
                .append(field(entry.reason()))
                .append("\r\n"));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"tidings-audit.csv\"")
                .body(csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Quoted when needed; a leading =, +, - or @ gets a quote character in front so a spreadsheet
     * opening the export does not run a reason someone typed as a formula.
     */
    static String field(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
