package org.tidings.moderation;

import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.tidings.account.AccountStatus;
import org.tidings.audit.AuditLog;
import org.tidings.job.Jobs;
import org.tidings.profile.ProfileAnnouncements;
import org.tidings.stream.EventLog;
import org.tidings.web.ApiException;

/**
 * Locking an account out at once, and letting it back in. One transaction sets the flag, deletes
 * the account's sessions and API tokens, records the action, and puts {@code account.deactivated}
 * on the account's own stream: durable and ordered like every event, so each node that holds one
 * of its live streams learns it and closes that stream. Then every node's credential cache forgets
 * the account. Its contacts get {@code user.updated} with {@code deactivated} in the same
 * transaction, so their lists mark the account (and unmark it on reactivation).
 */
@Component
class Deactivations {

    private final EventLog log;
    private final AccountStatus accounts;
    private final AuditLog audit;
    private final Jobs jobs;
    private final ProfileAnnouncements profiles;

    Deactivations(EventLog log, AccountStatus accounts, AuditLog audit, Jobs jobs, ProfileAnnouncements profiles) {
        this.jobs = jobs;
        this.profiles = profiles;
        this.log = log;
        this.accounts = accounts;
        this.audit = audit;
    }

    void deactivate(long adminId, long userId, String reason) {
        if (adminId == userId) {
            throw ApiException.conflict(
                    "cannot_deactivate_self", "Administrators cannot deactivate themselves; ask another one");
        }
        Set<Long> contacts = profiles.audience(userId);
        boolean changed = log.write(tx -> {
            if (!accounts.deactivate(tx.jdbc(), userId, tx.now())) {
                requireExists(tx.jdbc(), userId);
                return false;
            }
            tx.emitToUser(userId, "account.deactivated", Map.of("userId", userId));
            profiles.announce(tx, userId, contacts);
            audit.record(tx.jdbc(), new AuditLog.Action(adminId, "user.deactivate", "user", userId, reason));
            return true;
        });
        if (changed) {
            accounts.forgetCredentials(userId);
        }
    }

    /** Deactivates the account, then queues the job that erases what it sent; returns the job's id. */
    long erase(long adminId, long userId, String reason) {
        deactivate(adminId, userId, reason);
        long id = log.write(tx -> jobs.enqueue(tx, UserErasure.TYPE, adminId, new UserErasure.Params(userId, reason)));
        jobs.wake();
        return id;
    }

    void reactivate(long adminId, long userId) {
        Set<Long> contacts = profiles.audience(userId);
        log.write(tx -> {
            if (!accounts.reactivate(tx.jdbc(), userId)) {
                requireExists(tx.jdbc(), userId);
                return null;
            }
            profiles.announce(tx, userId, contacts);
            audit.record(tx.jdbc(), new AuditLog.Action(adminId, "user.reactivate", "user", userId, null));
            return null;
        });
    }

    private void requireExists(org.springframework.jdbc.core.simple.JdbcClient db, long userId) {
        if (!accounts.exists(db, userId)) {
            throw ApiException.notFound("User");
        }
    }
}
