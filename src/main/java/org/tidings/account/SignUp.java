package org.tidings.account;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates an account under the registration policy. One transaction, so an invite code's use is
 * only spent when the account is really created (not on a taken username).
 */
@Component
class SignUp {

    private final Accounts accounts;
    private final Registrations registrations;
    private final AdminSettings admins;
    private final TransactionTemplate transactions;

    SignUp(Accounts accounts, Registrations registrations, AdminSettings admins, TransactionTemplate transactions) {
        this.accounts = accounts;
        this.registrations = registrations;
        this.admins = admins;
        this.transactions = transactions;
    }

    UserView register(String username, String displayName, String passwordHash, String inviteCode) {
        return transactions.execute(status -> {
            registrations.admit(inviteCode);
            return accounts.create(username, displayName, passwordHash, admins.names(username));
        });
    }
}
