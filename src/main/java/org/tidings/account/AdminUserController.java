package org.tidings.account;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Administrators find accounts and grant or revoke the role. SecurityConfig admits only them. */
@RestController
@RequestMapping("/api/admin/users")
class AdminUserController {

    private final Administrators administrators;

    AdminUserController(Administrators administrators) {
        this.administrators = administrators;
    }

    @GetMapping
    List<Administrators.ManagedUser> search(@RequestParam(required = false) String q) {
        return administrators.search(q);
    }

    @PutMapping("/{id}/admin")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void grant(@PathVariable long id) {
        administrators.grant(id);
    }

    @DeleteMapping("/{id}/admin")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable long id) {
        administrators.revoke(id);
    }
}
