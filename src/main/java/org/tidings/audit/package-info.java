/**
 * The audit log: who did what to whom, when and why, for every administrator and moderator
 * action. Written by the features that act (accounts, chat, moderation) in their own transactions;
 * read and exported as CSV by administrators; never edited.
 */
package org.tidings.audit;
