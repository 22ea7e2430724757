/**
 * Profiles: a user's display name, status line and avatar, and the {@code user.updated} event
 * that tells their contacts (friends and fellow group members) and their own other tabs.
 */
package org.tidings.profile;
