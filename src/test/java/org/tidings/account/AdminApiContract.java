package org.tidings.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Api;
import org.tidings.testing.Names;
import tools.jackson.databind.JsonNode;

/**
 * Administrators and the registration policy, through the real server; run per database. The
 * class has its own server (its own property), so its first sign-up really is the first account
 * on an empty server; the tests that depend on that run first, in order.
 */
@TestPropertySource(properties = "tidings.admin.usernames=" + AdminApiContract.CHIEF)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AdminApiContract {

    static final String CHIEF = "chief_admin";

    @LocalServerPort
    int port;

    @Autowired
    Administrators administrators;

    private Api register(String username) {
        Api api = new Api(port);
        api.post(
                        "/api/auth/register",
                        Map.of("username", username, "password", "correct horse", "displayName", username))
                .expect(201);
        api.post("/api/auth/login", Map.of("username", username, "password", "correct horse"))
                .expect(200);
        return api;
    }

    /** The configured administrator, signed up on first use. */
    private Api chief() {
        Api api = new Api(port);
        var login = api.post("/api/auth/login", Map.of("username", CHIEF, "password", "correct horse"));
        return login.status() == 200 ? api : register(CHIEF);
    }

    private static long id(Api api) {
        return api.get("/api/me").expect(200).json().path("id").asLong();
    }

    private static boolean isAdmin(Api api) {
        return api.get("/api/me").expect(200).json().path("isAdmin").asBoolean();
    }

    @Test
    @Order(1)
    void firstAccountIsAdministratorAndTheLastOneCannotStepDown() {
        Api first = register(Names.unique("first"));
        assertThat(isAdmin(first)).isTrue();
        Api second = register(Names.unique("second"));
        assertThat(isAdmin(second)).isFalse();

        first.delete("/api/admin/users/" + id(first) + "/admin").expectProblem(409, "last_admin");
        first.put("/api/admin/users/" + id(second) + "/admin", Map.of()).expect(204);
        assertThat(isAdmin(second)).isTrue();
        first.delete("/api/admin/users/" + id(first) + "/admin").expect(204);
        assertThat(isAdmin(first)).isFalse();
        first.get("/api/admin/users").expectProblem(403, "forbidden");
        second.delete("/api/admin/users/" + id(second) + "/admin").expectProblem(409, "last_admin");
    }

    @Test
    @Order(2)
    void namedAdministratorsGetTheRoleAtSignUpAndAtStart() {
        Api chief = chief();
        assertThat(isAdmin(chief)).isTrue();
        // Revoked at run time, then the start-up hook (TIDINGS_ADMINS) gives it back.
        chief.delete("/api/admin/users/" + id(chief) + "/admin").expect(204);
        assertThat(isAdmin(chief)).isFalse();
        administrators.grantConfigured();
        assertThat(isAdmin(chief)).isTrue();
    }

    @Test
    void everyoneElseIsRefusedTheAdministratorsApi() {
        Api plain = register(Names.unique("plain"));
        assertThat(isAdmin(plain)).isFalse();
        plain.get("/api/admin/users").expectProblem(403, "forbidden");
        plain.get("/api/admin/users?q=chief").expectProblem(403, "forbidden");
        plain.put("/api/admin/users/" + id(plain) + "/admin", Map.of()).expectProblem(403, "forbidden");
        plain.put("/api/admin/settings/registration", Map.of("policy", "open")).expectProblem(403, "forbidden");
        plain.get("/api/admin/invites").expectProblem(403, "forbidden");
        plain.post("/api/admin/invites", Map.of("expiresInHours", 1, "maxUses", 1))
                .expectProblem(403, "forbidden");
        String token = plain.token();
        new Api(port).bearer(token).get("/api/admin/users").expectProblem(403, "forbidden");
        new Api(port).get("/api/admin/users").expectProblem(401, "unauthenticated");
    }

    @Test
    void administratorsFindUsersAndGrantTheRole() {
        Api chief = chief();
        String name = Names.unique("findme");
        Api user = register(name);
        JsonNode found = chief.get("/api/admin/users?q=" + name).expect(200).json();
        assertThat(found.size()).isEqualTo(1);
        assertThat(found.get(0).path("username").asString()).isEqualTo(name);
        assertThat(found.get(0).path("isAdmin").asBoolean()).isFalse();
        chief.put("/api/admin/users/" + id(user) + "/admin", Map.of()).expect(204);
        assertThat(chief.get("/api/admin/users?q=" + name)
                        .json()
                        .get(0)
                        .path("isAdmin")
                        .asBoolean())
                .isTrue();
        // The new administrator's bearer token is admitted at once, not after a cache expires.
        new Api(port).bearer(user.token()).get("/api/admin/users").expect(200);
        chief.delete("/api/admin/users/" + id(user) + "/admin").expect(204);
        user.get("/api/admin/users").expectProblem(403, "forbidden");
        chief.put("/api/admin/users/999999999/admin", Map.of()).expectProblem(404, "not_found");
        chief.delete("/api/admin/users/999999999/admin").expectProblem(404, "not_found");
    }

    /** One test for the policy, since it is server-wide and other tests sign people up. */
    @Test
    void registrationPolicyIsEnforcedAndInviteCodesAreSpentOnlyOnSuccess() {
        Api chief = chief();
        Api anonymous = new Api(port);
        try {
            chief.put("/api/admin/settings/registration", Map.of("policy", "sometimes"))
                    .expectProblem(400, "invalid_policy");
            chief.put("/api/admin/settings/registration", Map.of("policy", "closed"))
                    .expect(200);
            assertThat(anonymous
                            .get("/api/auth/registration")
                            .expect(200)
                            .json()
                            .path("policy")
                            .asString())
                    .isEqualTo("closed");
            signUp(anonymous, Names.unique("late"), null).expectProblem(403, "registration_closed");

            chief.put("/api/admin/settings/registration", Map.of("policy", "invite"))
                    .expect(200);
            assertThat(anonymous
                            .get("/api/auth/registration")
                            .json()
                            .path("policy")
                            .asString())
                    .isEqualTo("invite");
            signUp(anonymous, Names.unique("late"), null).expectProblem(403, "invite_required");
            signUp(anonymous, Names.unique("late"), "inv_made_up").expectProblem(403, "invite_invalid");
            chief.post("/api/admin/invites", Map.of("expiresInHours", 0, "maxUses", 1))
                    .expectProblem(400, "invalid_invite");
            chief.post("/api/admin/invites", Map.of("expiresInHours", 1, "maxUses", 0))
                    .expectProblem(400, "invalid_invite");

            JsonNode invite = chief.post("/api/admin/invites", Map.of("expiresInHours", 24, "maxUses", 2))
                    .expect(201)
                    .json();
            String code = invite.path("code").asString();
            String taken = Names.unique("taken");
            signUp(anonymous, taken, code).expect(201);
            // A failed sign-up (taken name) does not spend a use.
            signUp(anonymous, taken, code).expectProblem(409, "username_taken");
            signUp(anonymous, Names.unique("invited"), code).expect(201);
            signUp(anonymous, Names.unique("invited"), code).expectProblem(403, "invite_invalid");
            JsonNode listed = chief.get("/api/admin/invites").expect(200).json();
            assertThat(listed.get(0).path("uses").asInt()).isEqualTo(2);

            long expired = chief.post("/api/admin/invites", Map.of("expiresInHours", 1, "maxUses", 5))
                    .expect(201)
                    .json()
                    .path("id")
                    .asLong();
            chief.delete("/api/admin/invites/" + expired).expect(204);
            chief.delete("/api/admin/invites/" + expired).expectProblem(404, "not_found");
        } finally {
            chief.put("/api/admin/settings/registration", Map.of("policy", "open"))
                    .expect(200);
        }
        signUp(anonymous, Names.unique("open"), null).expect(201);
    }

    private Api.Response signUp(Api api, String username, String inviteCode) {
        Map<String, Object> body = new java.util.HashMap<>(
                Map.of("username", username, "password", "correct horse", "displayName", username));
        if (inviteCode != null) {
            body.put("inviteCode", inviteCode);
        }
        return api.post("/api/auth/register", body);
    }
}
