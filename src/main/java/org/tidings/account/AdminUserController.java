package org.tidings.account;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.audit.AuditLog;

/** Administrators find accounts and grant or revoke the role. SecurityConfig admits only them. */
@RestController
@RequestMapping("/api/admin/users")
class AdminUserController {

    private final Administrators administrators;
    private final AuditLog audit;

    AdminUserController(Administrators administrators, AuditLog audit) {
        this.administrators = administrators;
        this.audit = audit;
    }

    @GetMapping
    List<Administrators.ManagedUser> search(@RequestParam(required = false) String q) {
        return administrators.search(q);
    }

    @PutMapping("/{id}/admin")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void grant(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id) {
        administrators.grant(id);
        audit.record(new AuditLog.Action(me.id(), "admin.grant", "user", id, null));
    }

    @DeleteMapping("/{id}/admin")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id) {
        administrators.revoke(id);
        audit.record(new AuditLog.Action(me.id(), "admin.revoke", "user", id, null));
    }
}
